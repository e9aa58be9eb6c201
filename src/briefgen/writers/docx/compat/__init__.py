"""Workarounds in the Word writer for other programs that read .docx files, one module a
program, each naming the version it was checked on, with a switch and a test that fails
once the program no longer needs it."""
