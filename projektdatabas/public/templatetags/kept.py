"""`{% kept "name" value … %}…{% endkept %}`: HTML drawn once per content version, site and
language in each worker, and reused (core/kept.py).

For the parts of public/base.html that are the same on every page of a site and language
(the head's links, the brand, the menu, the footer): drawing them was about a third of a
trivial page's time. The HTML is kept under the fragment's name, the script prefix (the
site's /<slug>/), the active language and the values named after the name, which must be
everything else the fragment reads that is not public data (public data moves the content
version): `{% kept "menu" request.resolver_match.url_name %}` for a menu that marks the
current page. Nothing is kept where the template is drawn without a request (the 500 page,
which must not touch the database)."""

from django import template
from django.db import DatabaseError
from django.template.context import RequestContext
from django.urls import get_script_prefix
from django.utils.translation import get_language

from projektdatabas.core.kept import kept as kept_value

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        if not isinstance(context, RequestContext):
            return self.nodelist.render(context)
        key = (
            "kept html",
            self.name,
            get_script_prefix(),
            get_language(),
            *(_hashable(value.resolve(context)) for value in self.vary_on),
        )
        try:
            return kept_value(key, lambda: self.nodelist.render(context))
        except DatabaseError:
            # The version could not be read (an error page while the database is down):
            # drawn as if nothing were kept; the fragment itself reads nothing then.
            return self.nodelist.render(context)


def _hashable(value):
    # A lazy value (the logo's address) as its text: the key must not hold the request.
    return value if value is None or isinstance(value, int | str) else str(value)


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% kept "name" value … %} needs a quoted name')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
