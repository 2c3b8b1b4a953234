"""Blueprints: thin views, one package per feature."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from caseflow.blueprints.admin import bp as admin_bp
    from caseflow.blueprints.audit import bp as audit_bp
    from caseflow.blueprints.auth import bp as auth_bp
    from caseflow.blueprints.break_glass import bp as break_glass_bp
    from caseflow.blueprints.certificates import bp as certificates_bp
    from caseflow.blueprints.followup import bp as followup_bp
    from caseflow.blueprints.main import bp as main_bp
    from caseflow.blueprints.notes import bp as notes_bp
    from caseflow.blueprints.people import bp as people_bp
    from caseflow.blueprints.records import bp as records_bp
    from caseflow.blueprints.reports import bp as reports_bp
    from caseflow.blueprints.team import bp as team_bp
    from caseflow.blueprints.verify import bp as verify_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(people_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(notes_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(verify_bp)
    from caseflow.blueprints.custody import bp as custody_bp  # issue 21, /keys

    app.register_blueprint(custody_bp)
    from caseflow.blueprints.sync_api import bp as sync_api_bp  # issue 21, /sync/v1 (boxes)

    app.register_blueprint(sync_api_bp)
    from caseflow.blueprints.sync_review import bp as sync_review_bp  # issue 21, /sync pages

    app.register_blueprint(sync_review_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(break_glass_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(team_bp)
    from caseflow.blueprints.outreach import bp as outreach_bp  # issue 19, prefix /outreach

    app.register_blueprint(outreach_bp)
    from caseflow.blueprints.hospital import bp as hospital_bp

    app.register_blueprint(hospital_bp, url_prefix="/hospital")
    from caseflow.blueprints.evacuation import bp as evacuation_bp  # issue 19

    app.register_blueprint(evacuation_bp, url_prefix="/evacuations")
    from caseflow.blueprints.tb import bp as tb_bp

    app.register_blueprint(tb_bp, url_prefix="/tb")
    from caseflow.blueprints.scales import bp as scales_bp  # issue 20, validated scales

    app.register_blueprint(scales_bp, url_prefix="/scales")
    from caseflow.blueprints.safety import bp as safety_bp  # issue 20, allergies, treatments

    app.register_blueprint(safety_bp, url_prefix="/safety")
    from caseflow.blueprints.sexual_violence import bp as sexual_violence_bp  # issue 20, /svc

    app.register_blueprint(sexual_violence_bp)
    from caseflow.blueprints.vaccination import bp as vaccination_bp  # issue 20

    app.register_blueprint(vaccination_bp, url_prefix="/vaccination")
    from caseflow.blueprints.notifiable import bp as notifiable_bp  # issue 20

    app.register_blueprint(notifiable_bp)
    from caseflow.blueprints.pregnancy import bp as pregnancy_bp  # issue 20

    app.register_blueprint(pregnancy_bp, url_prefix="/anc")  # neutral: see its package
