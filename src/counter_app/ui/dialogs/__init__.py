"""Small dialogs a screen opens (non-blocking, window-modal) to ask for what an action needs:
a reason, or who collects a finished request. They validate inline and never write anything
themselves; the screen runs the use case when they are accepted."""
