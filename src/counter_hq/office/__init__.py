"""The back office's use cases (agencies' work, complaints, HQ administration), each one
transaction, each checking who asks (access.py). The web pages (counter_hq/web) only call these."""
