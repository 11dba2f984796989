"""
Meetings: public pages and feeds (views, urls, calendar), the public filter
and proposal forms (forms), the admin's forms and actions (admin_forms,
admin), series of meetings (recurrence) and time zones (zones). The Event
model itself is in posts.models with the other kinds of post.
"""
