from django.contrib import admin

from .models import Comment, Post, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "sort")
    list_editable = ("sort",)
    search_fields = ("name",)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "unit", "audience", "published_at", "featured", "read_count")
    list_filter = ("kind", "featured", "audience")
    search_fields = ("title",)
    raw_id_fields = ("unit", "audience_unit", "author", "author_person", "featured_by")
    filter_horizontal = ("tags",)
    readonly_fields = ("published_at", "edited_at", "read_count", "comment_count")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("author_name", "body", "post", "created_at", "deleted_at")
    raw_id_fields = ("post", "author", "author_person", "removed_by")
