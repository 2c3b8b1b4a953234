"""The demo: Mamadou Saliou Diallo allergic to penicillin with an emollient, Fatoumata Binta
Bah with "no known allergy", written once."""

from sqlalchemy import select

from caseflow.demo.people import seed_demo_people
from caseflow.demo.safety import seed_safety
from caseflow.extensions import db
from caseflow.models.person import Person


def test_it_seeds_the_demo_allergies_once(app, as_user):
    with app.app_context():
        seed_demo_people()
        assert seed_safety() == 3
        assert seed_safety() == 0
        ids = {(p.family_name, p.given_names): str(p.id) for p in
               db.session.scalars(select(Person))}
    amina = as_user("amina")
    diallo = amina.get(f"/people/{ids[('Diallo', 'Mamadou Saliou')]}").text
    assert 'data-allergy-group="penicillins"' in diallo
    assert 'data-allergy-severity="moderate"' in diallo and "Rash or urticaria" in diallo
    assert 'data-safety-treatments="1"' in diallo
    bah = amina.get(f"/people/{ids[('Bah', 'Fatoumata Binta')]}").text
    assert 'data-safety-allergies="no_known_allergy"' in bah
