"""The instruments: items, answer options, bands and cut-offs, as data.

Each `Scale` names its published source; the item labels are the instrument's item
number plus a brief neutral paraphrase (translated), never the validated wording, which
the clinician reads from the validated translation on paper. Band limits are inclusive.

Sources (docs/CLINICAL_VOCABULARIES.md, "Scales", says more):
- PHQ-9: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
  severity measure. J Gen Intern Med 2001;16:606-13. Bands 0-4, 5-9, 10-14, 15-19, 20-27.
- PHQ-A: Johnson JG, Harris ES, Spitzer RL, Williams JBW. The Patient Health Questionnaire
  for Adolescents. J Adolesc Health 2002;30:196-204 (the PHQ-9 modified for 11-17 years:
  items 1/2 and 4/5 in another order, irritability with low mood); scored as the PHQ-9.
- GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing
  generalized anxiety disorder. Arch Intern Med 2006;166:1092-7. Cut-offs 5, 10, 15.
- PCL-5: Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD
  Checklist for DSM-5 (PCL-5), 2013, National Center for PTSD (www.ptsd.va.gov).
  20 items 0-4; DSM-5 clusters B 1-5, C 6-7, D 8-14, E 15-20; a cut-off of 31-33 is
  suggested for probable PTSD: caseflow uses 33 (PCL5_CUTOFF), the more specific end.
- CRIES-8: Children and War Foundation, Children's Revised Impact of Event Scale (8 items),
  www.childrenandwar.org; Perrin S, Meiser-Stedman R, Smith P. Behav Cogn Psychother
  2005;33:487-98. Answers scored 0, 1, 3, 5; intrusion items 1, 3, 6, 7 and avoidance
  items 2, 4, 5, 8; total 0-40, 17 or more: likely PTSD. For children of 8 years and over.
- RHS-15: Hollifield M, Verbillis-Kolp S, Farmer B, et al. The Refugee Health
  Screener-15 (RHS-15). Gen Hosp Psychiatry 2013;35:202-9; Pathways to Wellness, 2011.
  Items 1-14 scored 0-4, item 15 the distress thermometer 0-10; positive when items 1-14
  add up to 12 or more, or the thermometer is 5 or more.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

PCL5_CUTOFF = 33  # 31-33 published (NCPTSD); 33 is the more specific choice.
CRIES8_CUTOFF = 17
RHS15_ITEMS_CUTOFF = 12
RHS15_THERMOMETER_CUTOFF = 5
SCORING_VERSION = 1  # stored with each result: a later change of rules shows which applied


class ScaleCode(enum.StrEnum):
    PHQ9 = "phq9"
    PHQA = "phqa"
    GAD7 = "gad7"
    PCL5 = "pcl5"
    CRIES8 = "cries8"
    RHS15 = "rhs15"


@dataclass(frozen=True)
class Option:
    value: int
    label: object  # a lazy translation, or a plain number for the thermometer


@dataclass(frozen=True)
class Item:
    number: int
    label: object
    options: tuple[Option, ...]

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)


@dataclass(frozen=True)
class Band:
    code: str
    label: object
    low: int
    high: int
    level: int  # 0 reassuring … 3 severe: the colour of the tag, never a decision


@dataclass(frozen=True)
class Subscale:
    code: str
    label: object
    items: tuple[int, ...]


@dataclass(frozen=True)
class Scale:
    code: ScaleCode
    name: str  # the instrument's own name, the same in every language
    title: object
    period: object  # the recall period the instrument asks about
    items: tuple[Item, ...]
    total_max: int
    bands: tuple[Band, ...]
    source: str
    ages: tuple[int | None, int | None] = (None, None)  # intended ages, inclusive
    subscales: tuple[Subscale, ...] = ()
    scored_items: tuple[int, ...] = field(default=())  # the items the total adds (all if empty)
    alternative: ScaleCode | None = None  # the version for the other age group

    @property
    def item_numbers(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.items)

    @property
    def total_items(self) -> tuple[int, ...]:
        return self.scored_items or self.item_numbers

    def band(self, code: str) -> Band | None:
        return next((b for b in self.bands if b.code == code), None)

    def fits_age(self, years: int | None) -> bool:
        low, high = self.ages
        return years is not None and (low is None or years >= low) and (
            high is None or years <= high)


def _options(*labels, values=None) -> tuple[Option, ...]:
    values = values or range(len(labels))
    return tuple(Option(v, label) for v, label in zip(values, labels, strict=True))


FREQUENCY_2W = _options(_l("Not at all"), _l("Several days"), _l("More than half the days"),
                        _l("Nearly every day"))
INTENSITY = _options(_l("Not at all"), _l("A little bit"), _l("Moderately"), _l("Quite a bit"),
                     _l("Extremely"))
CRIES = _options(_l("Not at all"), _l("Rarely"), _l("Sometimes"), _l("Often"),
                 values=(0, 1, 3, 5))
COPING = _options(_l("Able to handle anything"), _l("Able to handle most things"),
                  _l("Able to handle some things, not others"),
                  _l("Unable to cope with most things"), _l("Unable to cope with anything"))
THERMOMETER = tuple(Option(v, _l("0: no distress") if v == 0 else (
    _l("10: extreme distress") if v == 10 else str(v))) for v in range(11))


def _items(labels, options) -> tuple[Item, ...]:
    return tuple(Item(n, label, options) for n, label in enumerate(labels, start=1))


PHQ_BANDS = (
    Band("none_minimal", _l("None to minimal"), 0, 4, 0),
    Band("mild", _l("Mild"), 5, 9, 1),
    Band("moderate", _l("Moderate"), 10, 14, 2),
    Band("moderately_severe", _l("Moderately severe"), 15, 19, 3),
    Band("severe", _l("Severe"), 20, 27, 3),
)
SUICIDE_ITEM = 9  # PHQ-9 and PHQ-A: thoughts of being better off dead or of self-harm

PHQ9 = Scale(
    code=ScaleCode.PHQ9, name="PHQ-9", title=_l("Depression (adults)"),
    period=_l("Over the last 2 weeks"),
    items=_items((
        _l("Little interest or pleasure in doing things"),
        _l("Feeling down, depressed or hopeless"),
        _l("Trouble with sleep: falling or staying asleep, or sleeping too much"),
        _l("Feeling tired or having little energy"),
        _l("Poor appetite or overeating"),
        _l("Feeling bad about oneself, a failure, letting others down"),
        _l("Trouble concentrating"),
        _l("Moving or speaking slowly, or being restless"),
        _l("Thoughts of being better off dead or of self-harm"),
    ), FREQUENCY_2W),
    total_max=27, bands=PHQ_BANDS, ages=(18, None), alternative=ScaleCode.PHQA,
    source="Kroenke, Spitzer, Williams. J Gen Intern Med 2001;16:606-13.",
)

PHQA = Scale(
    code=ScaleCode.PHQA, name="PHQ-A", title=_l("Depression (adolescents, 11-17 years)"),
    period=_l("Over the last 2 weeks"),
    items=_items((
        _l("Feeling down, depressed, irritable or hopeless"),
        _l("Little interest or pleasure in doing things"),
        _l("Trouble with sleep: falling or staying asleep, or sleeping too much"),
        _l("Poor appetite, weight loss or overeating"),
        _l("Feeling tired or having little energy"),
        _l("Feeling bad about oneself, a failure, letting others down"),
        _l("Trouble concentrating (school work, reading, watching TV)"),
        _l("Moving or speaking slowly, or being restless"),
        _l("Thoughts of being better off dead or of self-harm"),
    ), FREQUENCY_2W),
    total_max=27, bands=PHQ_BANDS, ages=(11, 17), alternative=ScaleCode.PHQ9,
    source="Johnson, Harris, Spitzer, Williams. J Adolesc Health 2002;30:196-204.",
)

GAD7 = Scale(
    code=ScaleCode.GAD7, name="GAD-7", title=_l("Anxiety"),
    period=_l("Over the last 2 weeks"),
    items=_items((
        _l("Feeling nervous, anxious or on edge"),
        _l("Not being able to stop or control worrying"),
        _l("Worrying too much about different things"),
        _l("Trouble relaxing"),
        _l("So restless that it is hard to sit still"),
        _l("Becoming easily annoyed or irritable"),
        _l("Feeling afraid, as if something awful might happen"),
    ), FREQUENCY_2W),
    total_max=21,
    bands=(Band("minimal", _l("Minimal"), 0, 4, 0), Band("mild", _l("Mild"), 5, 9, 1),
           Band("moderate", _l("Moderate"), 10, 14, 2), Band("severe", _l("Severe"), 15, 21, 3)),
    source="Spitzer, Kroenke, Williams, Löwe. Arch Intern Med 2006;166:1092-7.",
)

PCL5 = Scale(
    code=ScaleCode.PCL5, name="PCL-5", title=_l("Post-traumatic stress (adults)"),
    period=_l("In the past month"),
    items=_items((
        _l("Repeated, disturbing, unwanted memories of the event"),
        _l("Repeated disturbing dreams of the event"),
        _l("Feeling or acting as if the event were happening again"),
        _l("Feeling very upset when reminded of the event"),
        _l("Strong physical reactions when reminded of the event"),
        _l("Avoiding memories, thoughts or feelings about the event"),
        _l("Avoiding external reminders of the event"),
        _l("Trouble remembering important parts of the event"),
        _l("Strong negative beliefs about oneself, others or the world"),
        _l("Blaming oneself or someone else for the event"),
        _l("Strong negative feelings: fear, horror, anger, guilt or shame"),
        _l("Loss of interest in activities once enjoyed"),
        _l("Feeling distant or cut off from other people"),
        _l("Trouble having positive feelings"),
        _l("Irritable behaviour, angry outbursts or acting aggressively"),
        _l("Taking too many risks or doing things that could cause harm"),
        _l("Being on guard, watchful or super-alert"),
        _l("Feeling jumpy or easily startled"),
        _l("Difficulty concentrating"),
        _l("Trouble falling or staying asleep"),
    ), INTENSITY),
    total_max=80,
    bands=(Band("below_cutoff", _l("Below the cut-off"), 0, PCL5_CUTOFF - 1, 0),
           Band("probable_ptsd", _l("Probable PTSD"), PCL5_CUTOFF, 80, 3)),
    subscales=(Subscale("B", _l("B: intrusion"), (1, 2, 3, 4, 5)),
               Subscale("C", _l("C: avoidance"), (6, 7)),
               Subscale("D", _l("D: negative thoughts and mood"), tuple(range(8, 15))),
               Subscale("E", _l("E: arousal and reactivity"), tuple(range(15, 21)))),
    ages=(18, None), alternative=ScaleCode.CRIES8,
    source="Weathers, Litz, Keane, Palmieri, Marx, Schnurr. PCL-5, National Center for "
           "PTSD, 2013.",
)

CRIES8 = Scale(
    code=ScaleCode.CRIES8, name="CRIES-8", title=_l("Post-traumatic stress (children, 8 years "
                                                    "and over)"),
    period=_l("In the past 7 days"),
    items=_items((
        _l("Thinking about it without meaning to"),
        _l("Trying to remove it from memory"),
        _l("Waves of strong feelings about it"),
        _l("Staying away from reminders of it"),
        _l("Trying not to talk about it"),
        _l("Pictures of it popping into the mind"),
        _l("Other things keep bringing it back to mind"),
        _l("Trying not to think about it"),
    ), CRIES),
    total_max=40,
    bands=(Band("below_cutoff", _l("Below the cut-off"), 0, CRIES8_CUTOFF - 1, 0),
           Band("likely_ptsd", _l("Likely PTSD"), CRIES8_CUTOFF, 40, 3)),
    subscales=(Subscale("intrusion", _l("Intrusion"), (1, 3, 6, 7)),
               Subscale("avoidance", _l("Avoidance"), (2, 4, 5, 8))),
    ages=(8, 17), alternative=ScaleCode.PCL5,
    source="Children and War Foundation, CRIES-8; Perrin, Meiser-Stedman, Smith. Behav Cogn "
           "Psychother 2005;33:487-98.",
)

RHS_THERMOMETER = 15
RHS15 = Scale(
    code=ScaleCode.RHS15, name="RHS-15", title=_l("Refugee health screening"),
    period=_l("In the past month (item 15: the past week, today included)"),
    items=(*_items((
        _l("Muscle, bone or joint pain"),
        _l("Feeling down, sad or blue most of the time"),
        _l("Too much thinking or too many thoughts"),
        _l("Feeling helpless"),
        _l("Suddenly scared for no reason"),
        _l("Faintness, dizziness or weakness"),
        _l("Nervousness or shakiness inside"),
        _l("Feeling restless, cannot sit still"),
        _l("Crying easily"),
        _l("Reliving the trauma, as if it were happening again"),
        _l("Physical reactions when reminded of the trauma"),
        _l("Feeling emotionally numb"),
        _l("Jumpier, more easily startled"),
    ), INTENSITY), Item(14, _l("Ability to cope with what comes (over one's life)"), COPING),
        Item(RHS_THERMOMETER, _l("Distress thermometer"), THERMOMETER)),
    total_max=56, scored_items=tuple(range(1, 15)),
    bands=(Band("negative", _l("Negative screen"), 0, 56, 0),
           Band("positive", _l("Positive screen"), 0, 56, 3)),
    source="Hollifield et al. Gen Hosp Psychiatry 2013;35:202-9; Pathways to Wellness, 2011.",
)

SCALES: dict[ScaleCode, Scale] = {s.code: s for s in (PHQ9, PHQA, GAD7, PCL5, CRIES8, RHS15)}


def scale(code) -> Scale | None:
    """The scale of a code (a string from a URL or a form), None for an unknown one."""
    try:
        return SCALES[ScaleCode(code)]
    except ValueError:
        return None
