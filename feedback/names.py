"""What to call a contact in an email (pure).

Contacts have one name field, typed by hand, imported, or made from a pasted
address (then it is the address's local part, which is no name at all). The
first name is the first word of the name, after a title ("Dr", "Mrs"...) and
read as "Last, First" when there is a comma. When the name gives no trustworthy
first name, there is none, and the email says a plain "Hello,": greeting
"Hello j.smith88," is worse than greeting nobody by name.
"""

TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "rev"}
LONGEST_FIRST_NAME = 40
# Found in user names and addresses ("j.smith", "jo_b"), not in first names; a
# trailing dot is an initial ("J.").
HANDLE_MARKS = "._@+/\\"


def first_name(name: str, email: str = "") -> str:
    """The contact's first name, or "" when the name does not give one."""
    name = " ".join(name.split())
    local_part = email.partition("@")[0].lower()
    if not name or "@" in name or (local_part and name.lower() == local_part):
        return ""
    if "," in name:
        name = name.partition(",")[2].strip() or name.partition(",")[0]
    words = [w for w in name.split() if w.lower().rstrip(".") not in TITLES]
    if not words:
        return ""
    first = words[0]
    looks_like_a_name = (
        1 < len(first) <= LONGEST_FIRST_NAME
        and first[0].isalpha()
        and not any(char.isdigit() or char in HANDLE_MARKS for char in first)
    )
    return first if looks_like_a_name else ""


def greeting(name: str, email: str = "") -> str:
    """ "Hello Sam," or, with no first name known, "Hello,"."""
    first = first_name(name, email)
    return f"Hello {first}," if first else "Hello,"
