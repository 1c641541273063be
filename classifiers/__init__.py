"""Text classifiers that place a record in the file plan, behind one protocol.

May import: the vocabulary modules of `pipeline` (`file_plan`, `settings`, `errors`) only.
"""

from classifiers.base import ClassifiableDocument, Classifier, Prediction

__all__ = ["ClassifiableDocument", "Classifier", "Prediction"]
