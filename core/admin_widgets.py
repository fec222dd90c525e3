"""Admin widgets that keep a bad posted value a form error, never a 500."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete box looks the posted value up by id to show the
    form again; a value that is not an id ("abc", a NUL) raised ValueError there
    before the form could say "Select a valid choice". Such values are left out
    of the look-up (the form's own error still names the problem)."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.get_related_field()
        return super().optgroups(name, [v for v in value if _is_id(target, v)], attr)


def _is_id(target, value) -> bool:
    try:
        target.to_python(value)
    except ValidationError:
        return False
    return True


class CheckedAutocompleteMixin:
    """For a ModelAdmin or inline with `autocomplete_fields` (foreign keys)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        autocomplete = db_field.name in self.get_autocomplete_fields(request)
        if autocomplete and "widget" not in kwargs:
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
