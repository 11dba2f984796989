"""
The protest-letter kit: a `mailto:` link that opens the reader's own mail
program with the targets, the campaign's copy address, the subject and the
model letter filled in. The server never sends mail on a reader's behalf.
"""

from urllib.parse import quote


def _addresses(addresses):
    # RFC 6068: "@" may stay; everything else that is not unreserved
    # (a "+" or "&" in a local part, say) is percent-encoded.
    return ",".join(quote(address, safe="@") for address in addresses if address)


def mailto_url(to, subject="", body="", cc=()):
    """A mailto: URL with every header value percent-encoded.

    Spaces become %20, not "+" (mail programs would show a literal plus), and
    line breaks are sent as CRLF (%0D%0A), as RFC 6068 asks.
    """
    fields = []
    if cc := _addresses(cc):
        fields.append(f"cc={cc}")
    if subject:
        fields.append(f"subject={quote(subject, safe='')}")
    if body:
        crlf = "\r\n".join(body.replace("\r\n", "\n").split("\n"))
        fields.append(f"body={quote(crlf, safe='')}")
    query = "?" + "&".join(fields) if fields else ""
    return f"mailto:{_addresses(to)}{query}"


def appeal_mailto(appeal, targets):
    """The letter of `appeal` to those of `targets` that have an email
    address, copied to the campaign; None when nobody can be emailed."""
    to = [target.email for target in targets if target.email]
    if not to:
        return None
    return mailto_url(
        to,
        subject=appeal.letter_subject or appeal.title,
        body=appeal.letter_body,
        cc=[appeal.copy_email],
    )
