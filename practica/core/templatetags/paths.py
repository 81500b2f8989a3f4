from django import template

from practica.core.paths import path_for

register = template.Library()


@register.filter
def path(pk, name: str) -> str:
    """`{{ post.pk|path:"discussions:post" }}` is `{% url "discussions:post" post.pk %}`, without the resolver."""
    return path_for(name, pk)
