"""Build the spaCy pipeline the NLU uses: blank English plus the lookup lemmatizer.

No model is downloaded: the lemma tables come from the `spacy-lookups-data` package on PyPI.
Run by `make`; writes the pipeline to the directory given (default `.spacy/en_pathway`).
"""

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "pathway"
    nlp.meta["description"] = "Blank English pipeline with the lookup lemmatizer, built locally."
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    lemmas = [t.lemma_ for t in spacy.load(target)("analysts were researching programmes")]
    print(f"built {target}: {lemmas}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else ".spacy/en_pathway"))
