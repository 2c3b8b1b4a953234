"""The vaccines caseflow records, as data: code, label, ATC code and the series each counts for.

Why a coded list and not free text: the record can later be exchanged (the ATC code of
WHO's Collaborating Centre for Drug Statistics names each vaccine, group J07), a catch-up
schedule can be computed per series, and a typo cannot hide a dose. "Other" takes a free
text (encrypted) for what the list lacks (rabies, typhoid, hepatitis A...).

A series is what a dose protects against, as the catch-up tables count it: a DTaP-IPV dose
(dTcaP-Polio in France) counts for tetanus-diphtheria and for polio; a hexavalent dose for
tetanus-diphtheria, polio and hepatitis B. The schedules themselves are in
caseflow/services/vaccination/schedule.py; docs/CLINICAL_VOCABULARIES.md ("Vaccinations")
lists the sources.

Codes are stored in clear (a vaccine given tells little about a person, and a count of
catch-up doses per site and month is an indicator such programmes report); they are never
renamed: a stored code must keep its meaning.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class Series(enum.StrEnum):
    """What a dose counts for in a catch-up schedule."""

    TETANUS_DIPHTHERIA = "tetanus_diphtheria"
    POLIO = "polio"
    HEPATITIS_B = "hepatitis_b"
    MMR = "mmr"
    HPV = "hpv"
    MENINGOCOCCAL_ACWY = "men_acwy"
    MENINGOCOCCAL_C = "men_c"
    MENINGOCOCCAL_B = "men_b"
    PNEUMOCOCCAL = "pneumococcal"
    COVID_19 = "covid_19"
    YELLOW_FEVER = "yellow_fever"
    BCG = "bcg"
    OTHER = "other"

    @property
    def label(self):
        return SERIES_LABELS[self]


SERIES_LABELS = {
    Series.TETANUS_DIPHTHERIA: _l("Tetanus, diphtheria"),
    Series.POLIO: _l("Poliomyelitis"),
    Series.HEPATITIS_B: _l("Hepatitis B"),
    Series.MMR: _l("Measles, mumps, rubella"),
    Series.HPV: _l("Human papillomavirus"),
    Series.MENINGOCOCCAL_ACWY: _l("Meningococcus ACWY"),
    Series.MENINGOCOCCAL_C: _l("Meningococcus C"),
    Series.MENINGOCOCCAL_B: _l("Meningococcus B"),
    Series.PNEUMOCOCCAL: _l("Pneumococcus"),
    Series.COVID_19: _l("COVID-19"),
    Series.YELLOW_FEVER: _l("Yellow fever"),
    Series.BCG: _l("Tuberculosis (BCG)"),
    Series.OTHER: _l("Other vaccines"),
}


class Vaccine(enum.StrEnum):
    DT = "dt"  # tetanus-diphtheria, reduced diphtheria dose (adolescents, adults)
    DT_IPV = "dt_ipv"  # dT-Polio (Revaxis)
    DTAP_IPV = "dtap_ipv"  # dTcaP-Polio / DTaP-IPV (Boostrixtetra, Repevax, Tetravac)
    HEXAVALENT = "dtap_ipv_hib_hepb"  # DTaP-IPV-Hib-HepB (infants, young children)
    TETANUS = "tetanus"  # tetanus toxoid alone (TT), still given in some countries
    MMR = "mmr"
    HEPATITIS_B = "hepb"
    IPV = "ipv"
    OPV = "opv"
    BCG = "bcg"
    HPV = "hpv"
    MEN_ACWY = "men_acwy"
    MEN_C = "men_c"
    MEN_B = "men_b"
    PCV = "pcv"  # pneumococcal conjugate (PCV13, PCV15, PCV20)
    PPSV23 = "ppsv23"  # pneumococcal polysaccharide
    COVID_19 = "covid_19"
    YELLOW_FEVER = "yellow_fever"
    OTHER = "other"

    @property
    def label(self):
        return VACCINES[self].label

    @property
    def series(self) -> tuple[Series, ...]:
        return VACCINES[self].series


@dataclass(frozen=True)
class VaccineSpec:
    label: object  # a lazy translation
    atc: str | None  # WHO ATC code (J07...), None for "other"
    series: tuple[Series, ...]


TD, POLIO = Series.TETANUS_DIPHTHERIA, Series.POLIO

VACCINES: dict[Vaccine, VaccineSpec] = {
    Vaccine.DT: VaccineSpec(_l("dT (tetanus, diphtheria)"), "J07AM51", (TD,)),
    Vaccine.DT_IPV: VaccineSpec(_l("dT-IPV (tetanus, diphtheria, polio)"), "J07CA01", (TD, POLIO)),
    Vaccine.DTAP_IPV: VaccineSpec(_l("DTaP-IPV (tetanus, diphtheria, pertussis, polio)"),
                                  "J07CA02", (TD, POLIO)),
    Vaccine.HEXAVALENT: VaccineSpec(_l("DTaP-IPV-Hib-HepB (hexavalent)"), "J07CA09",
                                    (TD, POLIO, Series.HEPATITIS_B)),
    Vaccine.TETANUS: VaccineSpec(_l("Tetanus toxoid alone"), "J07AM01", (TD,)),
    Vaccine.MMR: VaccineSpec(_l("MMR (measles, mumps, rubella)"), "J07BD52", (Series.MMR,)),
    Vaccine.HEPATITIS_B: VaccineSpec(_l("Hepatitis B"), "J07BC01", (Series.HEPATITIS_B,)),
    Vaccine.IPV: VaccineSpec(_l("Polio, inactivated (IPV)"), "J07BF03", (POLIO,)),
    Vaccine.OPV: VaccineSpec(_l("Polio, oral (OPV)"), "J07BF04", (POLIO,)),
    Vaccine.BCG: VaccineSpec(_l("BCG"), "J07AN01", (Series.BCG,)),
    Vaccine.HPV: VaccineSpec(_l("HPV (human papillomavirus)"), "J07BM03", (Series.HPV,)),
    Vaccine.MEN_ACWY: VaccineSpec(_l("Meningococcal ACWY conjugate"), "J07AH08",
                                  (Series.MENINGOCOCCAL_ACWY,)),
    Vaccine.MEN_C: VaccineSpec(_l("Meningococcal C conjugate"), "J07AH07",
                               (Series.MENINGOCOCCAL_C,)),
    Vaccine.MEN_B: VaccineSpec(_l("Meningococcal B"), "J07AH09", (Series.MENINGOCOCCAL_B,)),
    Vaccine.PCV: VaccineSpec(_l("Pneumococcal conjugate"), "J07AL02", (Series.PNEUMOCOCCAL,)),
    Vaccine.PPSV23: VaccineSpec(_l("Pneumococcal polysaccharide (PPSV23)"), "J07AL01",
                                (Series.PNEUMOCOCCAL,)),
    Vaccine.COVID_19: VaccineSpec(_l("COVID-19"), "J07BN", (Series.COVID_19,)),
    Vaccine.YELLOW_FEVER: VaccineSpec(_l("Yellow fever"), "J07BL01", (Series.YELLOW_FEVER,)),
    Vaccine.OTHER: VaccineSpec(_l("Other vaccine"), None, (Series.OTHER,)),
}


def vaccine_from_code(code: str | None) -> Vaccine | None:
    """The vaccine of a stored or typed code; None for an unknown one (the caller says so)."""
    try:
        return Vaccine((code or "").strip())
    except ValueError:
        return None
