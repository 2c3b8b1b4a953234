"""Acute malnutrition, classified from the measures a clinician takes (issue 20).

The Libya projects screen people leaving detention and the shelters' children; the French
teams see undernourished adolescents living in the street. The clinician records the
measures (weight, height, MUAC, bilateral pitting oedema); caseflow computes the
classification with the reference each age calls for, so that two clinicians reading
the same measures reach the same code, and the indicator counts it:

- who2007.py: the WHO 2007 growth reference's BMI-for-age z-score (5–19 years);
- classify.py: the classification (severe / moderate acute malnutrition, none) and the
  criterion that decided it.
"""
