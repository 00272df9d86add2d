"""Readers: bytes in, Document out. One module per format; this module picks one."""
