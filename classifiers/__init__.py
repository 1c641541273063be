"""Text classifiers that place a record in the file plan, behind one protocol."""

from classifiers.base import ClassifiableDocument, Classifier, Prediction

__all__ = ["ClassifiableDocument", "Classifier", "Prediction"]
