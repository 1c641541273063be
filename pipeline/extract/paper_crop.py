"""Crop a photographed page to the paper: find the sheet on the table top and warp it flat.

A phone photo of a receipt or letter often shows the desk around it, seen at an angle. Tesseract reads
wood grain and keyboard lettering as text, and a keystoned page as skewed lines. When a photo shows a
clearly lighter four-sided sheet on a darker surround, the sheet is cut out and its perspective undone.
Flatbed scans (paper to the edges) and pages without a clear sheet are left as they are.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.extract.page_measure import reduced

# The sheet must cover this share of the photo: less is a label on a parcel, more is a scan.
_MIN_SHEET, _MAX_SHEET = 0.15, 0.92
# The surround must be darker than the paper by this many grey levels to be a table top, not margin.
_MIN_CONTRAST = 40.0


def find_sheet(gray: np.ndarray) -> np.ndarray | None:
    """The sheet's four corners (float32, clockwise from top left, full-size pixels), or None."""
    small, factor = reduced(gray, 400_000)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, light = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Close the ink inside the sheet so the paper is one solid shape.
    size = max(5, round(max(small.shape) / 40)) | 1
    light = cv2.morphologyEx(light, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    contours, _ = cv2.findContours(light, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(sheet) / (small.shape[0] * small.shape[1])
    if not _MIN_SHEET <= share <= _MAX_SHEET:
        return None
    corners = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(corners) != 4 or not cv2.isContourConvex(corners):
        return None
    inside = np.zeros_like(small)
    cv2.drawContours(inside, [corners], -1, 255, thickness=-1)
    if np.median(small[inside > 0]) - np.median(small[inside == 0]) < _MIN_CONTRAST:
        return None
    return _clockwise(corners.reshape(4, 2).astype(np.float32) / factor)


def crop_to_sheet(gray: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The sheet warped to a flat rectangle, at the resolution the photo shows it."""
    top_left, top_right, bottom_right, bottom_left = corners
    width = round(max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left)))
    height = round(max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


def _clockwise(points: np.ndarray) -> np.ndarray:
    sums, differences = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(sums)], points[np.argmin(differences)], points[np.argmax(sums)],
                     points[np.argmax(differences)]], dtype=np.float32)
