/* chart.c - a dependency-free SVG line chart (RC-6 recovery capital over time), CSP-safe. */
#include "chart.h"

#include <math.h>
#include <string.h>

/* The drawing is laid out in a fixed 320 x 280 user space and scaled by the browser
 * (viewBox, width="100%"), so it fills a 375 px phone and a printed page alike. The width
 * is chosen for the phone: there the chart is about 325 px wide, so 13 units come out near
 * 13 px, above the 12 px that stays legible (issue 7: at 480 units wide they shrank to
 * 8 px). Six ISO dates then no longer fit side by side, so they are rotated
 * (pick_xlabels). On a wide screen the page's stylesheet caps the width (class "chart"). */
#define W    320
#define H    280
#define ML   40 /* left margin: y tick labels up to 3 characters */
#define MR   32 /* right margin: the reference value ("47") beside the plot */
#define MT   24 /* top margin: a value label above a point at ymax */
#define XPAD 28 /* inset of the first and last point from the plot edges, for their labels */
#define FONT 13 /* axis, value and legend text */
#define LEGEND_LINE 17 /* baseline to baseline of a wrapped legend: 1.3 lines of FONT */
/* Estimated advance of one character at FONT: 0.62 em, DejaVu's wide digits, so narrower
 * system fonts only add air between labels. */
#define CHAR_W      8.1
#define LABEL_MAX   16 /* x labels longer than this many characters are cut with an ellipsis */
#define XLABELS_MAX 6  /* at most this many x labels, so dates never crowd */
#define ROT_SEP     22 /* rotated labels need only about a line height between them */
#define ROT_DEG     40 /* rotation of x labels when horizontal ones would not fit */

/* Colours: all pass WCAG contrast on white (text >= 4.5:1, lines >= 3:1). */
#define C_INK   "#1b1f24" /* value labels, 16.6:1 */
#define C_MUTED "#4a5563" /* axes and their labels, 7.6:1 */
#define C_GRID  "#c9d1db" /* gridlines: deliberately faint, they are not data */
#define C_DATA  "#0b5d4b" /* the line and points (site brand), 7.8:1 */
#define C_REF   "#8a3b00" /* the reference line and its legend, 7.8:1 */

/* Append v with at most dec decimals, trailing zeros trimmed ("%g"-like for the
 * magnitudes charted here). Only integers go through printf, so the locale's decimal
 * separator can never appear. Non-finite values print as 0; |v| is capped at 1e12 so the
 * scaled value fits a long long. */
static void put_num(buf *b, double v, int dec)
{
    long long scale = 1;
    for (int i = 0; i < dec; i++)
        scale *= 10;
    if (!isfinite(v))
        v = 0;
    if (v > 1e12)
        v = 1e12;
    if (v < -1e12)
        v = -1e12;
    long long r = llround(v * (double)scale);
    if (r < 0) {
        buf_putc(b, '-');
        r = -r;
    }
    buf_printf(b, "%lld", r / scale);
    long long frac = r % scale;
    if (frac == 0)
        return;
    char digits[8];
    int nd = dec;
    for (int i = dec - 1; i >= 0; i--) {
        digits[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    while (nd > 0 && digits[nd - 1] == '0')
        nd--;
    buf_putc(b, '.');
    buf_putn(b, digits, (size_t)nd);
}

/* A coordinate: one decimal is finer than any screen or printer resolves at this scale. */
static void put_xy(buf *b, const char *name, double v)
{
    buf_printf(b, " %s=\"", name);
    put_num(b, v, 1);
    buf_putc(b, '"');
}

/* Values: two decimals, trimmed, so 47 prints "47" and 12.5 prints "12.5". */
static void put_value(buf *b, double v)
{
    put_num(b, v, 2);
}

/* Characters (UTF-8 code points) in s, for width estimates. */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Escape s as element text, cut to LABEL_MAX characters plus an ellipsis if longer. */
static void put_label(buf *b, const char *s)
{
    size_t bytes = 0, chars = 0;
    for (; s[bytes]; bytes++) {
        if (((unsigned char)s[bytes] & 0xC0) != 0x80 && chars++ == LABEL_MAX)
            break;
    }
    html_txt(b, s, bytes);
    if (s[bytes])
        buf_puts(b, "\xE2\x80\xA6");
}

static size_t label_chars(const char *s)
{
    size_t n = s ? utf8_len(s) : 0;
    return n > LABEL_MAX ? LABEL_MAX + 1 : n;
}

/* Characters the value would print with (sign, digits, point, two decimals at most). */
static size_t value_chars(double v)
{
    buf t;
    buf_init(&t);
    put_value(&t, v);
    size_t n = t.len;
    buf_free(&t);
    return n;
}

/* A gridline step of 1, 2, 2.5 or 5 times a power of ten giving about five intervals
 * (10..60 gives 10). */
static double nice_step(double range)
{
    double raw = range / 5;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * mag;
}

/* Decimals needed to print multiples of step exactly: 0 for 10, 1 for 2.5, 2 for 0.25. */
static int step_decimals(double step)
{
    int dec = 0;
    /* 6 decimals is put_num's limit and far below any step a chart of scores needs. */
    while (dec < 6 && fabs(step * pow(10, dec) - round(step * pow(10, dec))) > 1e-6)
        dec++;
    return dec;
}

struct layout {
    double ymin, ymax;
    double px0, px1, py0, py1; /* plot area: x from px0 to px1, y from py0 (top) to py1 */
};

static double y_of(const struct layout *L, double v)
{
    if (v < L->ymin)
        v = L->ymin;
    if (v > L->ymax)
        v = L->ymax;
    return L->py1 - (v - L->ymin) / (L->ymax - L->ymin) * (L->py1 - L->py0);
}

static double x_of(const struct layout *L, size_t i, size_t n)
{
    if (n <= 1)
        return (L->px0 + L->px1) / 2; /* a single assessment sits in the middle */
    return L->px0 + XPAD + (double)i * (L->px1 - L->px0 - 2 * XPAD) / (double)(n - 1);
}

/* The axis range: the caller's, or when that is unusable (not finite, empty), the data's
 * own range widened by 1 each way; 0..1 with nothing to go on. */
static void pick_range(const struct chart *c, double *lo, double *hi)
{
    *lo = c->ymin;
    *hi = c->ymax;
    if (isfinite(*lo) && isfinite(*hi) && *hi > *lo && isfinite(*hi - *lo))
        return;
    int any = 0;
    for (size_t i = 0; c->points && i < c->npoints; i++) {
        double v = c->points[i].value;
        if (!isfinite(v))
            continue;
        if (!any || v < *lo)
            *lo = v;
        if (!any || v > *hi)
            *hi = v;
        any = 1;
    }
    if (!any) {
        *lo = 0;
        *hi = 1;
        return;
    }
    *lo -= 1;
    *hi += 1;
    if (!isfinite(*hi - *lo)) { /* data spanning most of the doubles: no sensible scale */
        *lo = 0;
        *hi = 1;
    }
}

/* Which x labels to draw: every k-th from the first, always the last, and not the one
 * before the last when the two would collide. Rotated when horizontal labels would not
 * fit even thinned to XLABELS_MAX. */
struct xlabels {
    size_t n, k, dropped; /* dropped: an index not drawn although a multiple of k, or n */
    int rotated;
};

static int xlabel_shown(const struct xlabels *X, size_t i)
{
    return i == X->n - 1 || (i % X->k == 0 && i != X->dropped);
}

static void pick_xlabels(const struct chart *c, size_t n, double dx, struct xlabels *X)
{
    X->n = n;
    X->k = 1;
    X->dropped = n;
    X->rotated = 0;
    if (n < 2)
        return;
    size_t widest = 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = label_chars(c->points[i].label);
        if (w > widest)
            widest = w;
    }
    double sep = (double)widest * CHAR_W + 10;            /* 10 units of air between two labels */
    X->k = (n - 1 + XLABELS_MAX - 2) / (XLABELS_MAX - 1); /* ceil((n-1)/5) */
    X->rotated = (double)X->k * dx < sep;
    if (X->rotated) {
        sep = ROT_SEP;
        while ((double)X->k * dx < sep && X->k < n - 1)
            X->k++;
    }
    size_t last = (n - 1) / X->k * X->k;
    if (last != n - 1 && last != 0 && (double)(n - 1 - last) * dx < sep)
        X->dropped = last;
}

/* Draw the horizontal gridlines with their labels, then both axes. */
static void draw_axes(buf *out, const struct layout *L)
{
    double step = nice_step(L->ymax - L->ymin);
    int dec = step_decimals(step);
    double first = ceil(L->ymin / step - 1e-9) * step;
    buf_printf(out, "<g fill=\"%s\" stroke=\"%s\" stroke-width=\"1\" text-anchor=\"end\">", C_MUTED,
               C_GRID);
    /* nice_step gives at most 10 intervals; 12 also bounds a pathological range. */
    for (int i = 0; i < 12; i++) {
        double t = first + i * step;
        if (t > L->ymax + step * 1e-9)
            break;
        double y = y_of(L, t);
        buf_puts(out, "<line");
        put_xy(out, "x1", L->px0);
        put_xy(out, "y1", y);
        put_xy(out, "x2", L->px1);
        put_xy(out, "y2", y);
        buf_puts(out, "/><text stroke=\"none\"");
        put_xy(out, "x", L->px0 - 8);
        put_xy(out, "y", y);
        buf_puts(out, " dy=\".35em\">");
        put_num(out, t, dec);
        buf_puts(out, "</text>");
    }
    buf_puts(out, "</g>");
    buf_printf(out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" d=\"M", C_MUTED);
    put_num(out, L->px0, 1);
    buf_putc(out, ' ');
    put_num(out, L->py0, 1);
    buf_puts(out, "V");
    put_num(out, L->py1, 1);
    buf_puts(out, "H");
    put_num(out, L->px1, 1);
    buf_puts(out, "\"/>");
}

/* The y of the drawn line at x (between the nearest finite points on either side), or NAN
 * where no segment passes. */
static double line_y_at(const struct chart *c, const struct layout *L, size_t n, double x)
{
    double lx = NAN, ly = NAN, rx = NAN, ry = NAN;
    for (size_t j = 0; j < n; j++) {
        if (!isfinite(c->points[j].value))
            continue;
        double xj = x_of(L, j, n);
        if (xj <= x) {
            lx = xj;
            ly = y_of(L, c->points[j].value);
        }
        if (xj >= x) {
            rx = xj;
            ry = y_of(L, c->points[j].value);
            break;
        }
    }
    if (isnan(lx) || isnan(rx))
        return NAN;
    return rx == lx ? ly : ly + (ry - ly) * (x - lx) / (rx - lx);
}

/* How much of the chart a value label in the box [x0, x1] x [top, bottom] would cover: the
 * line sampled across the box, other points' circles and the reference line. */
static int box_hits(const struct chart *c, const struct layout *L, size_t n, size_t self, double x0,
                    double x1, double top, double bottom)
{
    int hits = 0;
    /* 8 intervals: finer than a label's width in characters, so no segment slips through. */
    for (int k = 0; k <= 8; k++) {
        double ly = line_y_at(c, L, n, x0 + (x1 - x0) * k / 8);
        hits += !isnan(ly) && ly >= top - 3 && ly <= bottom + 3; /* 3: half the line and air */
    }
    for (size_t j = 0; j < n; j++) {
        double xj = x_of(L, j, n);
        if (j == self || !isfinite(c->points[j].value) || xj < x0 - 6 || xj > x1 + 6)
            continue;
        double yj = y_of(L, c->points[j].value);
        hits += 4 * (yj >= top - 6 && yj <= bottom + 6); /* 6: circle radius and stroke */
    }
    if (isfinite(c->reference) && c->reference >= L->ymin && c->reference <= L->ymax) {
        double ry = y_of(L, c->reference);
        hits += ry >= top - 2 && ry <= bottom + 2;
    }
    return hits;
}

/* Where point i's value label goes: above the point, or below when that covers less of the
 * line, the other points and the reference; never outside the plot. Returns the baseline
 * offset from the point's y. */
static double value_dy(const struct chart *c, const struct layout *L, size_t i, double x, double y,
                       size_t chars)
{
    /* 10 above: clear of a 5-unit circle; 20 below: the same gap plus the cap height, which
     * is about 0.75 em (11 rounds FONT's up). */
    const double up = -10, down = 20, cap = 11;
    double half = (double)chars * CHAR_W / 2;
    size_t n = c->npoints;
    int fits_up = y + up - cap >= 1;
    int fits_down = y + down <= L->py1 - 2;
    if (!fits_down)
        return up;
    if (!fits_up)
        return down;
    int hit_up = box_hits(c, L, n, i, x - half, x + half, y + up - cap, y + up);
    int hit_down = box_hits(c, L, n, i, x - half, x + half, y + down - cap, y + down);
    return hit_down < hit_up ? down : up;
}

/* The legend's text starts LEGEND_X units right of the plot's left edge (after the dashed
 * sample) and may run to the drawing's right edge less 4. */
#define LEGEND_X 40
static size_t legend_room(void)
{
    return (size_t)((W - ML - LEGEND_X - 4) / CHAR_W);
}

/* Where the legend label breaks onto a second line: the byte offset of the last space
 * within legend_room() characters, or 0 when it fits on one line (or has no space to
 * break at). The phone-sized drawing holds about 29 characters a line. */
static size_t legend_break(const char *label)
{
    size_t room = legend_room(), chars = 0, at = 0;
    if (!label || utf8_len(label) <= room)
        return 0;
    for (size_t i = 0; label[i]; i++) {
        if (((unsigned char)label[i] & 0xC0) == 0x80)
            continue;
        if (chars++ > room)
            break;
        if (label[i] == ' ')
            at = i;
    }
    return at;
}

/* Escape the n bytes at s as text, cut to legend_room() characters plus an ellipsis. */
static void put_legend_line(buf *b, const char *s, size_t n)
{
    size_t room = legend_room(), bytes = 0, chars = 0;
    for (; bytes < n; bytes++)
        if (((unsigned char)s[bytes] & 0xC0) != 0x80 && chars++ == room)
            break;
    html_txt(b, s, bytes);
    if (bytes < n)
        buf_puts(b, "\xE2\x80\xA6");
}

/* The dashed reference line with its value at the right end, and when it has a label the
 * legend (a dashed sample and the label, on two lines when one is too narrow) at the bottom
 * of the drawing. */
static void draw_reference(buf *out, const struct chart *c, const struct layout *L, int with_legend)
{
    double y = y_of(L, c->reference);
    buf_printf(out,
               "<g stroke=\"%s\" fill=\"%s\"><line stroke-width=\"2\" stroke-dasharray=\"6 4\"",
               C_REF, C_REF);
    put_xy(out, "x1", L->px0);
    put_xy(out, "y1", y);
    put_xy(out, "x2", L->px1);
    put_xy(out, "y2", y);
    buf_puts(out, "/><text stroke=\"none\"");
    put_xy(out, "x", L->px1 + 4);
    put_xy(out, "y", y);
    buf_puts(out, " dy=\".35em\">");
    put_value(out, c->reference);
    buf_puts(out, "</text>");
    if (with_legend) {
        const char *label = c->reference_label;
        size_t cut = legend_break(label), len = strlen(label);
        /* baseline of the first legend line; the last line of the drawing is at H - 12 */
        double ly = H - 12 - (cut ? LEGEND_LINE : 0);
        buf_puts(out, "<line stroke-width=\"2\" stroke-dasharray=\"6 4\"");
        put_xy(out, "x1", L->px0);
        put_xy(out, "y1", ly - 5);
        put_xy(out, "x2", L->px0 + 32);
        put_xy(out, "y2", ly - 5);
        buf_puts(out, "/><text stroke=\"none\"");
        put_xy(out, "x", L->px0 + LEGEND_X);
        put_xy(out, "y", ly);
        buf_putc(out, '>');
        put_legend_line(out, label, cut ? cut : len);
        buf_puts(out, "</text>");
        if (cut) {
            buf_puts(out, "<text stroke=\"none\"");
            put_xy(out, "x", L->px0 + LEGEND_X);
            put_xy(out, "y", ly + LEGEND_LINE);
            buf_putc(out, '>');
            put_legend_line(out, label + cut + 1, len - cut - 1);
            buf_puts(out, "</text>");
        }
    }
    buf_puts(out, "</g>");
}

/* The line joining the points in order, then each point's circle (with a tooltip) and,
 * where there is room, its value. n >= 1. */
static void draw_points(buf *out, const struct chart *c, const struct layout *L, size_t n,
                        double dx, const struct xlabels *X)
{
    /* The line, in the given order, skipping values that are not numbers. */
    buf_printf(out,
               "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
               "stroke-linejoin=\"round\" points=\"",
               C_DATA);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(c->points[i].value))
            continue;
        if (!first)
            buf_putc(out, ' ');
        put_num(out, x_of(L, i, n), 1);
        buf_putc(out, ',');
        put_num(out, y_of(L, c->points[i].value), 1);
        first = 0;
    }
    buf_puts(out, "\"/>");

    /* Values are printed at every point when they fit between neighbours, otherwise at
     * the labelled points only (each circle still carries its value as a tooltip). */
    size_t vw = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(c->points[i].value) && value_chars(c->points[i].value) > vw)
            vw = value_chars(c->points[i].value);
    int all_values = n == 1 || dx >= (double)vw * CHAR_W + 6; /* 6: air between values */

    buf_printf(out, "<g fill=\"%s\" text-anchor=\"middle\">", C_DATA);
    for (size_t i = 0; i < n; i++) {
        double v = c->points[i].value;
        if (!isfinite(v))
            continue;
        double x = x_of(L, i, n), y = y_of(L, v);
        /* 5 units reads as a marker; dense series (under 14 apart) get smaller ones. */
        buf_printf(out, "<circle r=\"%s\" stroke=\"#fff\" stroke-width=\"1.5\"",
                   n > 1 && dx < 14 ? "3.5" : "5");
        put_xy(out, "cx", x);
        put_xy(out, "cy", y);
        buf_puts(out, "><title>");
        if (c->points[i].label)
            html_txt(out, c->points[i].label, strlen(c->points[i].label));
        buf_puts(out, ": ");
        put_value(out, v);
        buf_puts(out, "</title></circle>");
        if (all_values || xlabel_shown(X, i)) {
            buf_printf(out, "<text fill=\"%s\" font-weight=\"600\"", C_INK);
            put_xy(out, "x", x);
            put_xy(out, "y", y + value_dy(c, L, i, x, y, value_chars(v)));
            buf_putc(out, '>');
            put_value(out, v);
            buf_puts(out, "</text>");
        }
    }
    buf_puts(out, "</g>");
}

/* The chosen x labels under the axis, centred on their points or rotated to end there. */
static void draw_xlabels(buf *out, const struct chart *c, const struct layout *L, size_t n,
                         const struct xlabels *X)
{
    buf_printf(out, "<g fill=\"%s\" text-anchor=\"%s\">", C_MUTED, X->rotated ? "end" : "middle");
    for (size_t i = 0; i < n; i++) {
        if (!xlabel_shown(X, i) || !c->points[i].label)
            continue;
        /* Baselines: 20 below the axis for a line of text; rotated text hangs from 14. */
        double x = x_of(L, i, n), y = L->py1 + (X->rotated ? 14 : 20);
        buf_puts(out, "<text");
        put_xy(out, "x", x);
        put_xy(out, "y", y);
        if (X->rotated) {
            buf_printf(out, " transform=\"rotate(-%d ", ROT_DEG);
            put_num(out, x, 1);
            buf_putc(out, ' ');
            put_num(out, y, 1);
            buf_puts(out, ")\"");
        }
        buf_putc(out, '>');
        put_label(out, c->points[i].label);
        buf_puts(out, "</text>");
    }
    buf_puts(out, "</g>");
}

/* The opening tag with its accessible name, then <title> and <desc>. */
static void open_svg(buf *out, const struct chart *c, const char *id)
{
    size_t idn = strlen(id);
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
               "width=\"100%%\" role=\"img\" aria-labelledby=\"",
               W, H);
    html_attr(out, id, idn);
    buf_puts(out, "-title ");
    html_attr(out, id, idn);
    buf_printf(out,
               "-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, "
               "sans-serif\" font-size=\"%d\">",
               FONT);
    buf_puts(out, "<title id=\"");
    html_attr(out, id, idn);
    buf_puts(out, "-title\">");
    if (c->title)
        html_txt(out, c->title, strlen(c->title));
    buf_puts(out, "</title><desc id=\"");
    html_attr(out, id, idn);
    buf_puts(out, "-desc\">");
    if (c->description)
        html_txt(out, c->description, strlen(c->description));
    buf_puts(out, "</desc>");
}

/* Contract: see chart.h. c->points may be NULL when npoints is 0; NULL strings are
 * treated as empty; an unusable ymin..ymax (not finite, empty) falls back to the data's
 * range. A point whose value is not finite (NAN) is left out of the line and marks but
 * keeps its x label. Values beyond ymin..ymax are drawn at the nearest edge and labelled
 * with their true value. A reference outside the range is not drawn. */
void chart_line_svg(buf *out, const struct chart *c, const char *id_prefix)
{
    const char *id = id_prefix && *id_prefix ? id_prefix : "chart";
    size_t n = c->points ? c->npoints : 0;

    struct layout L;
    pick_range(c, &L.ymin, &L.ymax);
    int has_ref = isfinite(c->reference) && c->reference >= L.ymin && c->reference <= L.ymax;
    int has_legend = has_ref && c->reference_label && *c->reference_label;

    /* x labels decide the bottom margin, so choose them first. */
    L.px0 = ML;
    L.px1 = W - MR;
    L.py0 = MT;
    double dx = n > 1 ? (L.px1 - L.px0 - 2 * XPAD) / (double)(n - 1) : 0;
    struct xlabels X;
    pick_xlabels(c, n, dx, &X);
    size_t widest = 0;
    for (size_t i = 0; i < n; i++)
        if (xlabel_shown(&X, i) && label_chars(c->points[i].label) > widest)
            widest = label_chars(c->points[i].label);
    /* Horizontal labels need one line (22); rotated ones their projected height too. */
    double xlab_h = X.rotated ? (double)widest * CHAR_W * sin(ROT_DEG * M_PI / 180) + 22 : 22;
    /* one line of FONT and its gap, and a second line when the label wraps */
    double legend_h = has_legend ? 26 + (legend_break(c->reference_label) ? LEGEND_LINE : 0) : 0;
    L.py1 = H - 6 - xlab_h - legend_h;     /* 6: room for descenders at the bottom */

    open_svg(out, c, id);
    draw_axes(out, &L);
    if (has_ref)
        draw_reference(out, c, &L, has_legend);
    if (n == 0) {
        buf_printf(out, "<text text-anchor=\"middle\" fill=\"%s\"", C_MUTED);
        put_xy(out, "x", (L.px0 + L.px1) / 2);
        put_xy(out, "y", (L.py0 + L.py1) / 2);
        buf_puts(out, " dy=\".35em\">No assessments yet</text>");
    } else {
        draw_points(out, c, &L, n, dx, &X);
        draw_xlabels(out, c, &L, n, &X);
    }
    buf_puts(out, "</svg>");
}
