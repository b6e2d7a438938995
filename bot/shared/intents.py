"""The intent names the code branches on, in one place: `domain.yml` declares them, and the
NLU model, the danger reader, the safety net and the answer steps all refer to them."""

#: A report of a crime or danger: the safety signpost.
REPORT_INTENT = "report_crime"
#: The model's reading when no intent is sure enough (Rasa's FallbackClassifier).
FALLBACK = "nlu_fallback"
#: Not about the pathway at all.
OUT_OF_SCOPE = "out_of_scope"
#: A recruitment question the sources do not hold (pay, vetting, vacancies ...).
ASK_UNKNOWN = "ask_unknown"
