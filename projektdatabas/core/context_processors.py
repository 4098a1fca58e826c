from django.conf import settings


def site(request):
    return {"SITE_MUNICIPALITY_SLUG": settings.SITE_MUNICIPALITY_SLUG}
