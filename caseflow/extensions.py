"""Flask extensions, created unbound and attached in create_app (flaskr style)."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from caseflow.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Storage comes from RATELIMIT_STORAGE_URI (CASEFLOW_RATELIMIT_STORAGE): memory for one
# process, redis:// when several workers must share the counters.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
