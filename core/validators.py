"""Validators for what visitors type: one per kind of text, German messages.

Invisible characters can make a text read differently from what it is: bidirectional
overrides (U+202A–U+202E, U+2066–U+2069) reorder what an editor sees in the admin or an
e-mail ("Trojan Source"); U+0085, U+2028 and U+2029 break lines where a single line is
expected (e-mail headers, CSV, logs). Refused are the Unicode categories Cc (controls), Cf
(format), Zl and Zp (line and paragraph separators). Kept are the zero-width joiner and
non-joiner, which Persian, Arabic and Indic writing and emoji need, and, in texts of several
lines, line breaks and tabs.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
JOINERS = {"\u200c", "\u200d"}
LINE_BREAKS_AND_TABS = {"\n", "\r", "\t"}


@deconstructible
class InvisibleCharacterValidator:
    """Refuses control and format characters, except the ones ``allowed``."""

    def __init__(self, allowed, message, code):
        self.allowed = frozenset(allowed)
        self.message = message
        self.code = code

    def __call__(self, value):
        for char in str(value):
            if char not in self.allowed and unicodedata.category(char) in REFUSED_CATEGORIES:
                raise ValidationError(
                    self.message, code=self.code, params={"character": f"U+{ord(char):04X}"}
                )

    def __eq__(self, other):
        return isinstance(other, InvisibleCharacterValidator) and (
            (self.allowed, self.message, self.code) == (other.allowed, other.message, other.code)
        )


single_line_text = InvisibleCharacterValidator(
    JOINERS,
    _(
        "Bitte in einer Zeile eingeben, ohne Zeilenumbrüche und unsichtbare Steuer- oder "
        "Formatierungszeichen (gefunden: %(character)s)."
    ),
    "single_line",
)
multi_line_text = InvisibleCharacterValidator(
    JOINERS | LINE_BREAKS_AND_TABS,
    _(
        "Der Text enthält unsichtbare Steuer- oder Formatierungszeichen (gefunden: "
        "%(character)s), etwa aus einer kopierten Vorlage. Bitte entfernen Sie sie."
    ),
    "control_characters",
)


@deconstructible
class PublicEmailValidator(EmailValidator):
    """An address at a public domain name: no ``root@localhost``, no IP address."""

    message = _(
        "Bitte geben Sie eine gültige E-Mail-Adresse mit vollständigem Domainnamen an, "
        "z. B. name@beispiel.de."
    )

    def __init__(self, message=None, code=None):
        super().__init__(message=message, code=code, allowlist=[])

    def validate_domain_part(self, domain_part):
        # Django's domain pattern already needs a dot; a numeric last label is an address.
        return bool(self.domain_regex.match(domain_part)) and not (
            domain_part.rsplit(".", 1)[-1].isdigit()
        )


public_email_address = PublicEmailValidator()
