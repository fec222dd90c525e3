from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    """Django's admin app, whose `admin.site` is our two-factor site.

    Named by dotted path so that the site's module, which imports django-otp's
    models, loads only once the app registry is ready.
    """

    default_site = "accounts.two_factor.admin_site.TwoFactorAdminSite"
