"""The baseline of the HTTP load benchmark: a bare Flask app that answers one short page.

Served by the same gunicorn, workers and wrk settings as caseflow (bench/http_load.py):
the ratio of a caseflow page's requests per second to this one's is what the server,
Flask and the machine leave to the application.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
