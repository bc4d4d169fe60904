"""Printed letters: plain frozen data in, PDF bytes out.

Nothing here opens the database, reads settings or imports Qt: the referral service gathers
the facts (letterhead, officials, the person, the allocated number, the signed QR payload)
into frozen dataclasses and this package only lays them out with reportlab. That keeps a
letter reproducible from its recorded data, testable without a desk, and fast enough to print
a batch. Letter text is official Indonesian and is never translated.

Modules: :mod:`paper` (A4/F4), :mod:`fonts` (embedded Unicode TTFs), :mod:`kop` (letterhead
shared with the PDF reports), :mod:`document` (kop pages, "Halaman n dari N", bottom-anchored
blocks), :mod:`text` (typed text to safe markup), :mod:`qr` (signed, verifiable QR payload),
:mod:`qr_draw` (QR symbol as vector rectangles), :mod:`referral_data` and :mod:`referral`
(the surat rujukan), :mod:`return_slip` (its tear-off lembar balik), :mod:`sample` (a
fictitious letter for previews, tests and benchmarks).
"""
