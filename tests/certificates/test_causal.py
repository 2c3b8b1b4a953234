"""`unattributed_causes`: the sentences of a psychologist's text that state a cause as a fact.

Read as sentences: "« troubles en lien avec les violences subies » is quoted back";
"« selon ses dires » in the same sentence attributes it"; "an attribution in another
sentence does not"; "a plain observation is never quoted back".
"""

from __future__ import annotations

import pytest

from caseflow.certificates.causal import unattributed_causes


@pytest.mark.parametrize("sentence", [
    "Troubles du sommeil en lien avec les violences subies.",
    "Anxiété CONSÉCUTIVE AUX événements de Libye.",  # case and accents folded
    "Cauchemars dus à la détention.",
    "Hypervigilance liée aux conditions de la traversée.",
    "État de stress post-traumatique secondaire à la torture.",
    "Repli sur soi à la suite des violences.",
    "Symptômes provoqués par l'enfermement.",
    "Sleep disorders due to the violence suffered.",
    "Anxiety RELATED TO the detention in Libya.",
    "Nightmares caused by the crossing.",
    "Withdrawal as a result of the events.",
])
def test_it_returns_a_cause_stated_as_a_fact(sentence: str) -> None:
    assert unattributed_causes(sentence) == [sentence]


@pytest.mark.parametrize("sentence", [
    "Troubles du sommeil en lien, selon ses dires, avec les violences subies.",
    "Selon ses dires, cauchemars consécutifs à la détention.",
    "Cauchemars dus à la détention d’après ses dires.",  # a typographic apostrophe
    "Anxiété liée à la traversée selon l'intéressée.",
    "SELON SES DIRES, troubles en rapport avec les faits.",
    "Sleep disorders due to the violence suffered, according to the person.",
    "Nightmares related to the detention, as she reports.",
    "She attributes her nightmares to the detention, and says they are caused by it.",
])
def test_it_accepts_a_cause_attributed_to_the_person(sentence: str) -> None:
    assert unattributed_causes(sentence) == []


def test_it_returns_only_the_offending_sentences_in_order() -> None:
    text = ("Suivi hebdomadaire depuis septembre. Troubles du sommeil en lien avec les "
            "violences subies ! Selon ses dires, cauchemars dus à la détention.\n"
            "Nightmares caused by the crossing? Pleurs pendant l'entretien.")
    assert unattributed_causes(text) == [
        "Troubles du sommeil en lien avec les violences subies !",
        "Nightmares caused by the crossing?",
    ]


def test_it_wants_the_attribution_in_the_same_sentence() -> None:
    text = "Selon ses dires, elle a été détenue six mois. Troubles en lien avec la détention."
    assert unattributed_causes(text) == ["Troubles en lien avec la détention."]


@pytest.mark.parametrize("text", [
    "Symptômes anxieux et troubles du sommeil persistants.",
    "Anxiété marquée, hypervigilance, pleurs pendant l'entretien. Discours cohérent.",
    "Marked anxiety, hypervigilance; she cried during the interview.",
    "Procédure à suivre : poursuite du suivi.",  # « dure à » inside a word is no « dû à »
    "",
])
def test_it_returns_nothing_for_plain_observations(text: str) -> None:
    assert unattributed_causes(text) == []


@pytest.mark.parametrize("sentence", [
    # "the state" and "the reports" are no "he states" / "he reports": an attribution is
    # matched as whole words only.
    "Hypervigilance related to the state of war in her country.",
    "Sleep disorders due to the reports of violence at home.",
])
def test_it_reads_an_attribution_as_whole_words_only(sentence: str) -> None:
    assert unattributed_causes(sentence) == [sentence]
