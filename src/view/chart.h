/* chart.h - server-rendered SVG charts: readable on a phone, printable, no JavaScript. */
#ifndef PD_CHART_H
#define PD_CHART_H

#include <stddef.h>

#include "buf.h"

struct chart_point {
    const char *label; /* x label, e.g. "2026-03-01" (escaped by the renderer) */
    double value;
};

struct chart {
    const char *title;       /* <title>, also the accessible name */
    const char *description; /* <desc>: a sentence summarizing the data */
    double ymin, ymax;       /* axis range */
    double reference;        /* a horizontal reference line (e.g. 47), or NAN for none */
    const char *reference_label;
    const struct chart_point *points;
    size_t npoints;
};

/* Append an <svg> line chart (points joined, each marked and labelled with its value)
 * to out: viewBox-scaled so it fills the width of a phone or a printed page, role="img"
 * with aria-labelledby pointing at its <title> and <desc>, every text escaped with
 * html_txt. id_prefix makes the element ids unique on a page. Zero points draws the
 * axes and "No assessments yet". */
void chart_line_svg(buf *out, const struct chart *c, const char *id_prefix);

#endif
