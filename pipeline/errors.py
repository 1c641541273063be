"""The one exception tree of Recordkeeper.

Every error a technician can meet carries a stable code, the reason in plain words and what to do
about it. Callers map errors by type (never by message text); the CLI turns them into one line and an
exit code, the intake turns per-file ones into quarantine entries.
"""

from __future__ import annotations


class RecordkeeperError(Exception):
    """Base of all errors the product reports to a person."""

    code = "RK000"
    exit_code = 1
    default_action = ""
    # Whether the same file can succeed on a later attempt (a crash, a busy disk), or never will as it is.
    retryable = True

    def __init__(self, reason: str, action: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.action = self.default_action if action is None else action

    def __str__(self) -> str:
        text = f"[{self.code}] {self.reason}"
        return f"{text}. {self.action}" if self.action else text

    def __reduce__(self):
        # Errors cross process boundaries (worker pool); keep both fields when pickled.
        return (self.__class__, (self.reason, self.action))


class ConfigError(RecordkeeperError):
    code = "RK001"
    exit_code = 2
    default_action = "Fix the setting in the config file or environment and run the command again"


class QueryError(RecordkeeperError):
    code = "RK010"
    exit_code = 2
    default_action = 'Check the query syntax: terms, "phrases", prefix*, -exclude, OR'


class QueryTimedOut(QueryError):
    """The engine was stopped after the query's time budget: the worker is free again for others."""

    code = "RK016"
    default_action = "Narrow the query: more distinctive words, fewer OR alternatives, or class:, from: and to:"


class RecordNotFound(RecordkeeperError):
    code = "RK011"
    exit_code = 3
    default_action = "Check the record id (recordkeeper search lists ids)"


class CatalogError(RecordkeeperError):
    code = "RK020"
    exit_code = 4
    default_action = "Run 'recordkeeper init' for this data home, or check --home"


class DocumentError(RecordkeeperError):
    """A problem with one input file. The batch goes on; the file goes to quarantine."""

    code = "RK100"
    default_action = "Check the file at the scanning station and drop a good copy into the inbox again"


class EmptyDocument(DocumentError):
    code = "RK101"
    retryable = False
    default_action = "The scanner or copy produced no data: rescan or copy the file again"


class UnsupportedDocument(DocumentError):
    code = "RK102"
    retryable = False
    default_action = ("Convert it to a supported format (PDF, an image, Office or OpenDocument, HTML, e-mail or "
                      "text; README: Supported formats) before filing it")


class CorruptDocument(DocumentError):
    code = "RK103"
    retryable = False
    default_action = "The file is damaged or incomplete: rescan it or ask the sender for a new copy"


class EncryptedDocument(DocumentError):
    code = "RK104"
    retryable = False
    default_action = "Ask the sender for an unprotected copy, or remove the password and file it again"


class DocumentTooLarge(DocumentError):
    code = "RK105"
    retryable = False
    default_action = "Split the document or rescan at a lower resolution; limits are in [limits] of the config"


class ImageTooSmall(DocumentError):
    code = "RK106"
    retryable = False
    default_action = "Rescan the page: the image is too small to hold readable text"


class OcrFailed(DocumentError):
    code = "RK107"
    default_action = "Retry the file; if it fails again, rescan it"


class IndexUnavailable(RecordkeeperError):
    """The search engine could not be reached or did not accept a request. Nothing is lost: records
    filed meanwhile wait in the index queue."""

    code = "RK030"
    exit_code = 6
    default_action = ("Check that the search cluster at index.url is running and reachable; records filed "
                      "meanwhile wait in the index queue ('recordkeeper status') and are sent automatically "
                      "by the watch service or by 'recordkeeper reindex --pending'")


class RebuildRunning(IndexUnavailable):
    """Another `reindex` is filling a new index from this catalog right now."""

    code = "RK031"
    default_action = "Wait for it to finish ('recordkeeper status' shows it), then run 'recordkeeper reindex' again"


class ArchiveError(RecordkeeperError):
    code = "RK200"
    default_action = "Check free disk space and the archive folder; the original was kept"


class InternalError(DocumentError):
    """An unexpected failure while processing one file; details are in the log."""

    code = "RK900"
    default_action = "Retry the file; if it fails again, report it with the log file"


class VersionConflict(RecordkeeperError):
    code = "RK012"
    exit_code = 5
    default_action = "Someone else changed the record first: reload it, check their change, and apply yours again"


class InvalidChange(RecordkeeperError):
    code = "RK013"
    exit_code = 2
    default_action = "Correct it and run the command again"


# The hint for a record edit gone wrong; other changes (holds, accounts) have their own.
EDIT_HINT = "Check the field name and value (recordkeeper edit --help lists them)"


class RecordOnHold(RecordkeeperError):
    code = "RK014"
    exit_code = 7
    default_action = "A records manager must release the legal hold first ('recordkeeper hold release')"


class AccessDenied(RecordkeeperError):
    """The person asking may not make this change (role or clearance)."""

    code = "RK017"
    exit_code = 2
    default_action = "Ask a records manager to make the change"


class LoginThrottled(RecordkeeperError):
    """Too many failed log-ins for this account or from this address."""

    code = "RK018"
    exit_code = 2
    default_action = "Wait and try again, or ask an administrator to check the account"


class DispositionError(RecordkeeperError):
    code = "RK015"
    exit_code = 2
    default_action = "Check the batch with 'recordkeeper dispose show'"


class AuditKeyError(RecordkeeperError):
    """The key that seals the audit trail is missing or is not the one the catalog was sealed with."""

    code = "RK021"
    exit_code = 2
    default_action = ("Make the audit key available (audit.key_file or RECORDKEEPER_AUDIT_KEY) as it was when the "
                      "catalog was initialised; it is kept outside the data home and is not part of a backup")


class BackupError(RecordkeeperError):
    code = "RK022"
    exit_code = 1
    default_action = "Nothing was reported as backed up or restored: fix the problem named and run the command again"


def error_class_for_code(code: str | None) -> type[RecordkeeperError]:
    """The error class with this stable code (for errors stored as data, e.g. a failed job's row)."""
    pending: list[type[RecordkeeperError]] = [RecordkeeperError]
    while pending:
        cls = pending.pop()
        if cls.code == code:
            return cls
        pending.extend(cls.__subclasses__())
    return RecordkeeperError


def is_retryable(code: str | None) -> bool:
    """Whether a file that failed with error `code` is worth another attempt; unknown codes are (nothing lost)."""
    pending: list[type[RecordkeeperError]] = [RecordkeeperError]
    while pending:
        error_class = pending.pop()
        if error_class.code == code:
            return error_class.retryable
        pending.extend(error_class.__subclasses__())
    return True
