"""Old import path of core.uploads, kept because committed migrations import it (migrations
are never edited). New code imports core.uploads."""

from core.uploads import RandomFileName, validate_image, validate_pdf

__all__ = ["RandomFileName", "validate_image", "validate_pdf"]
