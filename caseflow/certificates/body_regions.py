"""The regions of the body a lesion is coded to, for the body diagram annexed to a certificate.

The Istanbul Protocol's medico-legal report, like the French certificate of findings after
violence, annexes a body diagram with each lesion of the lesion table marked on it. The lesion
keeps its free-text location (« 3 cm sous le coude »); the region only says where to put its
number on the diagram (body_diagram.py), so the vocabulary is coarse and stable: about forty
regions, each on the view where a doctor would look for it (the back of the hand, where
defence injuries are, on the back view; the palm on the front view, as in the anatomical
position, palms forward). The codes are stored with the lesions: never rename one.

Right and left are always the PERSON's, as in every medical text. On the front view the
person faces the reader, so their right is drawn on the reader's left; on the back view
their right is on the reader's right. Each region's `anchor` is a point of its view's
figure in normalised coordinates: x from 0 (the reader's left edge of the figure) to 1
(the reader's right edge), y from 0 (the soles) to 1 (the top of the head); the figure is
half as wide as it is tall.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from caseflow.certificates.wording import Wording

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)


class View(enum.StrEnum):
    """Which of the two figures of the diagram a region is on."""

    FRONT = "front"
    BACK = "back"


class BodyRegion(enum.StrEnum):
    """A region of the body, head to feet, front view then back view."""

    # Front view
    HEAD_FRONT = "head_front"
    FACE = "face"
    NECK_FRONT = "neck_front"
    SHOULDER_RIGHT = "shoulder_right"
    SHOULDER_LEFT = "shoulder_left"
    CHEST_RIGHT = "chest_right"
    CHEST_LEFT = "chest_left"
    ABDOMEN = "abdomen"
    PELVIS = "pelvis"
    GENITALS = "genitals"
    ARM_UPPER_RIGHT_FRONT = "arm_upper_right_front"
    ARM_UPPER_LEFT_FRONT = "arm_upper_left_front"
    FOREARM_RIGHT_FRONT = "forearm_right_front"
    FOREARM_LEFT_FRONT = "forearm_left_front"
    HAND_RIGHT = "hand_right"
    HAND_LEFT = "hand_left"
    THIGH_RIGHT_FRONT = "thigh_right_front"
    THIGH_LEFT_FRONT = "thigh_left_front"
    KNEE_RIGHT = "knee_right"
    KNEE_LEFT = "knee_left"
    LEG_RIGHT_FRONT = "leg_right_front"
    LEG_LEFT_FRONT = "leg_left_front"
    FOOT_RIGHT = "foot_right"
    FOOT_LEFT = "foot_left"
    # Back view
    HEAD_BACK = "head_back"
    NECK_BACK = "neck_back"
    BACK_UPPER_RIGHT = "back_upper_right"
    BACK_UPPER_LEFT = "back_upper_left"
    BACK_LOWER = "back_lower"
    BUTTOCKS = "buttocks"
    ARM_UPPER_RIGHT_BACK = "arm_upper_right_back"
    ARM_UPPER_LEFT_BACK = "arm_upper_left_back"
    FOREARM_RIGHT_BACK = "forearm_right_back"
    FOREARM_LEFT_BACK = "forearm_left_back"
    HAND_RIGHT_BACK = "hand_right_back"
    HAND_LEFT_BACK = "hand_left_back"
    THIGH_RIGHT_BACK = "thigh_right_back"
    THIGH_LEFT_BACK = "thigh_left_back"
    KNEE_RIGHT_BACK = "knee_right_back"
    KNEE_LEFT_BACK = "knee_left_back"
    LEG_RIGHT_BACK = "leg_right_back"
    LEG_LEFT_BACK = "leg_left_back"
    FOOT_RIGHT_BACK = "foot_right_back"
    FOOT_LEFT_BACK = "foot_left_back"

    @property
    def label(self) -> Wording:
        """What the region is called in the legend and the lesion form."""
        return REGIONS[self].label

    @property
    def view(self) -> View:
        return REGIONS[self].view

    @property
    def anchor(self) -> tuple[float, float]:
        """Where its lesions' numbers go on its view's figure (normalised, see above)."""
        return REGIONS[self].anchor


@dataclass(frozen=True)
class Region:
    label: Wording
    view: View
    anchor: tuple[float, float]


_F, _B = View.FRONT, View.BACK
R = BodyRegion

REGIONS: dict[BodyRegion, Region] = {
    R.HEAD_FRONT: Region(_l("Forehead and front of the scalp"), _F, (0.5, 0.97)),
    R.FACE: Region(_l("Face"), _F, (0.5, 0.922)),
    R.NECK_FRONT: Region(_l("Front of the neck"), _F, (0.5, 0.862)),
    R.SHOULDER_RIGHT: Region(_l("Right shoulder"), _F, (0.285, 0.795)),
    R.SHOULDER_LEFT: Region(_l("Left shoulder"), _F, (0.715, 0.795)),
    R.CHEST_RIGHT: Region(_l("Right side of the chest"), _F, (0.40, 0.74)),
    R.CHEST_LEFT: Region(_l("Left side of the chest"), _F, (0.60, 0.74)),
    R.ABDOMEN: Region(_l("Abdomen"), _F, (0.5, 0.64)),
    R.PELVIS: Region(_l("Lower abdomen and groin"), _F, (0.5, 0.565)),
    R.GENITALS: Region(_l("Genital area"), _F, (0.5, 0.505)),
    R.ARM_UPPER_RIGHT_FRONT: Region(_l("Front of the right upper arm"), _F, (0.236, 0.71)),
    R.ARM_UPPER_LEFT_FRONT: Region(_l("Front of the left upper arm"), _F, (0.764, 0.71)),
    R.FOREARM_RIGHT_FRONT: Region(_l("Front of the right forearm"), _F, (0.156, 0.575)),
    R.FOREARM_LEFT_FRONT: Region(_l("Front of the left forearm"), _F, (0.844, 0.575)),
    R.HAND_RIGHT: Region(_l("Palm of the right hand"), _F, (0.10, 0.435)),
    R.HAND_LEFT: Region(_l("Palm of the left hand"), _F, (0.90, 0.435)),
    R.THIGH_RIGHT_FRONT: Region(_l("Front of the right thigh"), _F, (0.394, 0.40)),
    R.THIGH_LEFT_FRONT: Region(_l("Front of the left thigh"), _F, (0.606, 0.40)),
    R.KNEE_RIGHT: Region(_l("Right knee"), _F, (0.404, 0.29)),
    R.KNEE_LEFT: Region(_l("Left knee"), _F, (0.596, 0.29)),
    R.LEG_RIGHT_FRONT: Region(_l("Front of the right lower leg"), _F, (0.41, 0.17)),
    R.LEG_LEFT_FRONT: Region(_l("Front of the left lower leg"), _F, (0.59, 0.17)),
    R.FOOT_RIGHT: Region(_l("Top of the right foot"), _F, (0.42, 0.03)),
    R.FOOT_LEFT: Region(_l("Top of the left foot"), _F, (0.58, 0.03)),
    R.HEAD_BACK: Region(_l("Back of the head"), _B, (0.5, 0.94)),
    R.NECK_BACK: Region(_l("Back of the neck"), _B, (0.5, 0.862)),
    R.BACK_UPPER_RIGHT: Region(_l("Right upper back"), _B, (0.60, 0.755)),
    R.BACK_UPPER_LEFT: Region(_l("Left upper back"), _B, (0.40, 0.755)),
    R.BACK_LOWER: Region(_l("Lower back"), _B, (0.5, 0.63)),
    R.BUTTOCKS: Region(_l("Buttocks"), _B, (0.5, 0.53)),
    R.ARM_UPPER_RIGHT_BACK: Region(_l("Back of the right upper arm"), _B, (0.764, 0.71)),
    R.ARM_UPPER_LEFT_BACK: Region(_l("Back of the left upper arm"), _B, (0.236, 0.71)),
    R.FOREARM_RIGHT_BACK: Region(_l("Back of the right forearm"), _B, (0.844, 0.575)),
    R.FOREARM_LEFT_BACK: Region(_l("Back of the left forearm"), _B, (0.156, 0.575)),
    R.HAND_RIGHT_BACK: Region(_l("Back of the right hand"), _B, (0.90, 0.435)),
    R.HAND_LEFT_BACK: Region(_l("Back of the left hand"), _B, (0.10, 0.435)),
    R.THIGH_RIGHT_BACK: Region(_l("Back of the right thigh"), _B, (0.606, 0.40)),
    R.THIGH_LEFT_BACK: Region(_l("Back of the left thigh"), _B, (0.394, 0.40)),
    R.KNEE_RIGHT_BACK: Region(_l("Back of the right knee"), _B, (0.596, 0.29)),
    R.KNEE_LEFT_BACK: Region(_l("Back of the left knee"), _B, (0.404, 0.29)),
    R.LEG_RIGHT_BACK: Region(_l("Right calf"), _B, (0.59, 0.19)),
    R.LEG_LEFT_BACK: Region(_l("Left calf"), _B, (0.41, 0.19)),
    R.FOOT_RIGHT_BACK: Region(_l("Right heel and sole"), _B, (0.58, 0.03)),
    R.FOOT_LEFT_BACK: Region(_l("Left heel and sole"), _B, (0.42, 0.03)),
}
del R
