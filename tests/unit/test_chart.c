/* test_chart.c - the SVG line chart: well-formed, accessible, escaped, CSP-safe, and drawn
 * sensibly for zero, one and many points (RC-6). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"

/* A BARC-10 chart over pts, rendered with id prefix "rc"; the caller frees the text. */
static char *render(const struct chart_point *pts, size_t n, double reference)
{
    struct chart c = {
        .title = "Recovery capital (BARC-10)",
        .description = "BARC-10 totals over time.",
        .ymin = 10,
        .ymax = 60,
        .reference = reference,
        .reference_label = "47: cut-off associated with sustained remission",
        .points = pts,
        .npoints = n,
    };
    buf b;
    buf_init(&b);
    chart_line_svg(&b, &c, "rc");
    return buf_steal(&b);
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(s, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

/* The numeric value of attribute name="..." in the k-th element starting with tag. */
static double attr_of(const char *svg, const char *tag, size_t k, const char *name)
{
    const char *p = svg;
    for (size_t i = 0; i <= k; i++) {
        p = strstr(p, tag);
        assert_non_null(p);
        p += strlen(tag);
    }
    char pat[32];
    snprintf(pat, sizeof pat, " %s=\"", name);
    const char *a = strstr(p, pat);
    const char *end = strchr(p, '>');
    assert_non_null(a);
    assert_true(a < end); /* the attribute belongs to this element */
    return strtod(a + strlen(pat), NULL);
}

/* Tags nest and close: every <x ...> has its </x> in order, or is written <x .../>. */
/* The width and height of the viewBox. */
static void viewbox(const char *svg, double *w, double *h)
{
    const char *v = strstr(svg, " viewBox=\"0 0 ");
    assert_non_null(v);
    assert_int_equal(sscanf(v, " viewBox=\"0 0 %lf %lf\"", w, h), 2);
    assert_true(*w > 0 && *h > 0);
}

static void assert_well_formed(const char *s)
{
    const char *stack[64];
    size_t lens[64], depth = 0;
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        const char *end = strchr(p, '>');
        assert_non_null(end);
        assert_null(memchr(p + 1, '<', (size_t)(end - p - 1))); /* no bare < inside a tag */
        if (p[1] == '/') {
            size_t n = strcspn(p + 2, " >");
            assert_true(depth > 0);
            depth--;
            assert_int_equal(lens[depth], n);
            assert_memory_equal(stack[depth], p + 2, n);
        } else if (end[-1] != '/') {
            assert_true(depth < 64);
            stack[depth] = p + 1;
            lens[depth++] = strcspn(p + 1, " >");
        }
    }
    assert_int_equal(depth, 0);
}

static const struct chart_point six[] = {
    {"2026-01-05", 31}, {"2026-02-02", 36}, {"2026-03-02", 35},
    {"2026-04-06", 42}, {"2026-05-04", 47}, {"2026-06-01", 52},
};

static void test_chart_is_one_well_formed_svg_element(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    assert_memory_equal(s, "<svg ", 5);
    size_t n = strlen(s);
    assert_true(n > 6);
    assert_string_equal(s + n - 6, "</svg>");
    assert_int_equal(count(s, "<svg"), 1);
    assert_well_formed(s);
    assert_non_null(strstr(s, "xmlns=\"http://www.w3.org/2000/svg\""));
    free(s);
}

static void test_chart_scales_to_its_container(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    assert_non_null(strstr(s, " viewBox=\"0 0 "));
    assert_non_null(strstr(s, " width=\"100%\""));
    assert_null(strstr(s, " height=")); /* a fixed height would not scale with the width */
    free(s);
}

/* Issue 7 item 20: on a 375 px phone the chart is about 325 px wide (main's and the figure's
 * padding taken off); its text must come out at 12 px or more there, not the 8 px it was. */
static void test_rc6_chart_text_is_at_least_12px_on_a_375px_phone(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    double w, h;
    viewbox(s, &w, &h);
    double font = attr_of(s, "<svg", 0, "font-size");
    assert_true(font * 325.0 / w >= 12.0);
    /* the root's size is the only one: no text sets a smaller size of its own */
    assert_int_equal(count(s, "font-size="), 1);
    free(s);
}

static void test_chart_is_labelled_by_its_title_and_desc(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    assert_non_null(strstr(s, " role=\"img\""));
    assert_non_null(strstr(s, " aria-labelledby=\"rc-title rc-desc\""));
    assert_non_null(strstr(s, "<title id=\"rc-title\">Recovery capital (BARC-10)</title>"));
    assert_non_null(strstr(s, "<desc id=\"rc-desc\">BARC-10 totals over time.</desc>"));
    free(s);
}

static void test_chart_escapes_every_text(void **state)
{
    (void)state;
    const struct chart_point pts[] = {{"<script>", 20}, {"a&b", 30}};
    struct chart c = {
        .title = "T <b>\"x\"</b>",
        .description = "D & 'd'",
        .ymin = 10,
        .ymax = 60,
        .reference = 47,
        .reference_label = "<i>47</i>",
        .points = pts,
        .npoints = 2,
    };
    buf b;
    buf_init(&b);
    chart_line_svg(&b, &c, "x\"><svg onload=alert(1)");
    char *s = buf_steal(&b);
    assert_null(strstr(s, "<script"));
    assert_non_null(strstr(s, "&lt;script&gt;"));
    assert_non_null(strstr(s, "a&amp;b"));
    assert_null(strstr(s, "a&b"));
    assert_non_null(strstr(s, "T &lt;b&gt;&quot;x&quot;&lt;/b&gt;"));
    assert_non_null(strstr(s, "D &amp; &#39;d&#39;"));
    assert_non_null(strstr(s, "&lt;i&gt;47&lt;/i&gt;"));
    assert_null(strstr(s, "<i>"));
    /* The id prefix stays inside its attributes. */
    assert_non_null(strstr(s, "id=\"x&quot;&gt;&lt;svg onload=alert(1)-title\""));
    assert_int_equal(count(s, "<svg"), 1);
    assert_well_formed(s);
    free(s);
}

static void test_chart_reference_line_is_dashed_and_labelled(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    assert_non_null(strstr(s, "stroke-dasharray=\"6 4\""));
    /* on the phone-sized drawing the legend wraps onto two lines, both inside it */
    assert_non_null(strstr(s, ">47: cut-off associated with</text>"));
    assert_non_null(strstr(s, ">sustained remission</text>"));
    free(s);
}

/* Issue 7 item 20: every horizontal text ends inside the drawing (the legend was cut off at
 * the right edge once the drawing was made phone-sized). 8.1 units a character at 13. */
static void test_rc6_chart_texts_end_inside_the_drawing(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    double w, h;
    viewbox(s, &w, &h);
    size_t n = 0;
    for (const char *p = strstr(s, "<text"); p; p = strstr(p + 1, "<text")) {
        const char *gt = strchr(p, '>'), *end = strstr(p, "</text>");
        assert_non_null(end);
        if (memmem(p, (size_t)(gt - p), "transform", 9) || memmem(p, (size_t)(gt - p), "text-anchor", 11))
            continue; /* rotated labels end at their point; anchored ones are placed by the layout */
        const char *xs = strstr(p, " x=\"");
        if (!xs || xs > gt)
            continue;
        double x = strtod(xs + 4, NULL);
        size_t chars = 0;
        for (const char *c = gt + 1; c < end; c++)
            chars += ((unsigned char)*c & 0xC0) != 0x80;
        /* text inherits text-anchor from its group: only start-anchored text is checked */
        const char *grp = p;
        while (grp > s && strncmp(grp, "<g", 2) != 0)
            grp--;
        if (memmem(grp, (size_t)(p - grp), "text-anchor", 11))
            continue;
        if (x + (double)chars * 8.1 > w)
            fail_msg("text at x=%.1f with %zu characters runs past the drawing's %.0f units", x, chars, w);
        n++;
    }
    assert_true(n >= 2); /* the legend's lines at least */
    free(s);
}

static void test_chart_reference_line_absent_when_nan(void **state)
{
    (void)state;
    char *s = render(six, 6, NAN);
    assert_null(strstr(s, "stroke-dasharray"));
    assert_null(strstr(s, "cut-off"));
    assert_well_formed(s);
    free(s);
}

static void test_chart_reference_line_sits_at_its_value(void **state)
{
    (void)state;
    /* A point at 47 and the dashed line at 47 share their y. */
    const struct chart_point pts[] = {{"a", 47}, {"b", 20}};
    char *s = render(pts, 2, 47);
    const char *dash = strstr(s, "stroke-dasharray=\"6 4\"");
    assert_non_null(dash);
    double ref_y = attr_of(dash, "", 0, "y1");
    assert_float_equal(ref_y, attr_of(s, "<circle", 0, "cy"), 0.05);
    free(s);
}

static void test_chart_y_axis_labels_10_to_60_in_tens(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    const char *ticks[] = {">10</text>", ">20</text>", ">30</text>",
                           ">40</text>", ">50</text>", ">60</text>"};
    for (int i = 0; i < 6; i++)
        assert_non_null(strstr(s, ticks[i]));
    assert_null(strstr(s, ">15</text>"));
    assert_null(strstr(s, ">70</text>"));
    free(s);
}

static void test_chart_points_are_circles_with_their_values(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    assert_int_equal(count(s, "<circle"), 6);
    const char *values[] = {">31</text>", ">36</text>", ">35</text>", ">42</text>", ">52</text>"};
    for (int i = 0; i < 5; i++)
        assert_non_null(strstr(s, values[i]));
    /* 47 prints twice: the point's value and the reference line's value. */
    assert_int_equal(count(s, ">47</text>"), 2);
    free(s);
}

static void test_chart_line_joins_points_left_to_right_in_order(void **state)
{
    (void)state;
    char *s = render(six, 6, 47);
    assert_int_equal(count(s, "<polyline"), 1);
    const char *p = strstr(strstr(s, "<polyline"), " points=\"");
    assert_non_null(p);
    p += strlen(" points=\"");
    double lastx = -1;
    for (int i = 0; i < 6; i++) {
        char *end;
        double x = strtod(p, &end);
        assert_int_equal(*end, ',');
        double y = strtod(end + 1, &end);
        assert_true(x > lastx);
        assert_float_equal(x, attr_of(s, "<circle", (size_t)i, "cx"), 0.05);
        assert_float_equal(y, attr_of(s, "<circle", (size_t)i, "cy"), 0.05);
        lastx = x;
        p = end;
    }
    assert_int_equal(*p, '"');
    /* Higher values are drawn higher (smaller y): 52 above 31. */
    assert_true(attr_of(s, "<circle", 5, "cy") < attr_of(s, "<circle", 0, "cy"));
    free(s);
}

static void test_chart_one_point_is_drawn_centred(void **state)
{
    (void)state;
    const struct chart_point one[] = {{"2026-03-01", 40}};
    char *s = render(one, 1, 47);
    assert_int_equal(count(s, "<circle"), 1);
    assert_non_null(strstr(s, ">40</text>"));
    assert_non_null(strstr(s, ">2026-03-01</text>"));
    assert_null(strstr(s, "No assessments yet"));
    double cx = attr_of(s, "<circle", 0, "cx"), w, h;
    viewbox(s, &w, &h);
    assert_true(fabs(cx - w / 2) < w / 20); /* the plot is nearly centred in the drawing */
    assert_well_formed(s);
    free(s);
}

static void test_chart_zero_points_draws_axes_and_says_so(void **state)
{
    (void)state;
    char *s = render(NULL, 0, 47);
    assert_non_null(strstr(s, ">No assessments yet</text>"));
    assert_null(strstr(s, "<circle"));
    assert_null(strstr(s, "<polyline"));
    assert_non_null(strstr(s, ">10</text>"));
    assert_non_null(strstr(s, ">60</text>"));
    assert_non_null(strstr(s, "<path")); /* the axes */
    assert_well_formed(s);
    free(s);
    s = render(six, 6, 47);
    assert_null(strstr(s, "No assessments yet"));
    free(s);
}

static void test_chart_values_outside_the_range_are_clamped(void **state)
{
    (void)state;
    const struct chart_point in[] = {{"a", 60}, {"b", 10}};
    const struct chart_point out[] = {{"a", 75}, {"b", -5}};
    char *si = render(in, 2, 47), *so = render(out, 2, 47);
    assert_float_equal(attr_of(so, "<circle", 0, "cy"), attr_of(si, "<circle", 0, "cy"), 0.05);
    assert_float_equal(attr_of(so, "<circle", 1, "cy"), attr_of(si, "<circle", 1, "cy"), 0.05);
    double w, h;
    viewbox(so, &w, &h);
    for (int i = 0; i < 2; i++) {
        double cy = attr_of(so, "<circle", (size_t)i, "cy");
        assert_true(cy >= 0 && cy <= h);
    }
    /* The true values are still printed. */
    assert_non_null(strstr(so, ">75</text>"));
    assert_non_null(strstr(so, ">-5</text>"));
    free(si);
    free(so);
}

static void test_chart_never_uses_inline_style(void **state)
{
    (void)state;
    const struct chart_point one[] = {{"x", 12.5}};
    char *s[] = {render(six, 6, 47), render(six, 6, NAN), render(one, 1, 47), render(NULL, 0, 47)};
    for (int i = 0; i < 4; i++) {
        assert_null(strstr(s[i], "style="));
        assert_null(strstr(s[i], "<style"));
        free(s[i]);
    }
}

static void test_chart_prints_fractions_plainly(void **state)
{
    (void)state;
    const struct chart_point pts[] = {{"a", 12.5}, {"b", 33.25}, {"c", 40}};
    char *s = render(pts, 3, 47);
    assert_non_null(strstr(s, ">12.5</text>"));
    assert_non_null(strstr(s, ">33.25</text>"));
    assert_non_null(strstr(s, ">40</text>"));
    assert_null(strstr(s, "e+")); /* no exponent notation */
    free(s);
}

/* The number of x labels drawn among names d01..dNN. */
static size_t xlabels_drawn(const char *s, size_t n, int *first, int *last)
{
    size_t drawn = 0;
    for (size_t i = 1; i <= n; i++) {
        char pat[40];
        snprintf(pat, sizeof pat, ">d%02zu</text>", i);
        int here = strstr(s, pat) != NULL;
        drawn += (size_t)here;
        if (i == 1)
            *first = here;
        if (i == n)
            *last = here;
    }
    return drawn;
}

static void test_chart_x_labels_are_thinned_keeping_first_and_last(void **state)
{
    (void)state;
    static const size_t sizes[] = {2, 6, 7, 12, 20, 37, 90};
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t];
        struct chart_point pts[90];
        char names[90][24]; /* room for any size_t, so -Wformat-truncation stays quiet */
        for (size_t i = 0; i < n; i++) {
            snprintf(names[i], sizeof names[i], "d%02zu", i + 1);
            pts[i].label = names[i];
            pts[i].value = 10 + (double)(i % 50);
        }
        char *s = render(pts, n, 47);
        int first = 0, last = 0;
        size_t drawn = xlabels_drawn(s, n, &first, &last);
        assert_true(first);
        assert_true(last);
        assert_true(drawn <= 6);
        assert_true(drawn >= (n < 3 ? n : 3));
        assert_int_equal(count(s, "<circle"), n);
        assert_well_formed(s);
        free(s);
    }
}

/* The x of the drawn x label text for label, or NAN when it is not drawn. */
static double xlabel_x(const char *s, const char *label)
{
    char pat[32];
    snprintf(pat, sizeof pat, ">%s</text>", label);
    const char *at = strstr(s, pat);
    if (!at)
        return NAN;
    while (at > s && strncmp(at, "<text", 5) != 0)
        at--;
    return attr_of(at, "<text", 0, "x");
}

static void test_chart_x_labels_never_overlap(void **state)
{
    (void)state;
    /* An ISO date at the chart's 13 units is at most about 76 wide (DejaVu Sans, the widest
     * common digits): side by side, neighbouring centres stay further apart than that;
     * rotated, at least a line height (18). */
    static const char *const dates[] = {"2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06",
                                        "2026-05-04", "2026-06-01", "2026-07-06", "2026-08-03",
                                        "2026-09-07", "2026-10-05", "2026-11-02", "2026-12-07"};
    int horizontal_seen = 0;
    for (size_t n = 2; n <= 12; n++) {
        struct chart_point pts[12];
        for (size_t i = 0; i < n; i++)
            pts[i] = (struct chart_point){dates[i], 30 + (double)i};
        char *s = render(pts, n, 47);
        int rotated = strstr(s, "rotate(") != NULL;
        horizontal_seen |= !rotated;
        double prev = NAN;
        size_t drawn = 0;
        for (size_t i = 0; i < n; i++) {
            double x = xlabel_x(s, dates[i]);
            if (isnan(x))
                continue;
            drawn++;
            if (!isnan(prev))
                assert_true(x - prev >= (rotated ? 18 : 76));
            prev = x;
        }
        if (n <= 6)
            assert_int_equal(drawn, n); /* up to six assessments show every date */
        free(s);
    }
    assert_true(horizontal_seen); /* two dates at least fit side by side */
}

static void test_chart_long_labels_are_shortened(void **state)
{
    (void)state;
    const struct chart_point pts[] = {{"an extremely long label for one point", 20}, {"b", 30}};
    char *s = render(pts, 2, NAN);
    assert_null(strstr(s, ">an extremely long label for one point</text>"));
    assert_non_null(strstr(s, ">an extremely lon\xE2\x80\xA6</text>"));
    /* The full text stays in the point's tooltip. */
    assert_non_null(strstr(s, "<title>an extremely long label for one point: 20</title>"));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_is_one_well_formed_svg_element),
        cmocka_unit_test(test_chart_scales_to_its_container),
        cmocka_unit_test(test_rc6_chart_text_is_at_least_12px_on_a_375px_phone),
        cmocka_unit_test(test_rc6_chart_texts_end_inside_the_drawing),
        cmocka_unit_test(test_chart_is_labelled_by_its_title_and_desc),
        cmocka_unit_test(test_chart_escapes_every_text),
        cmocka_unit_test(test_chart_reference_line_is_dashed_and_labelled),
        cmocka_unit_test(test_chart_reference_line_absent_when_nan),
        cmocka_unit_test(test_chart_reference_line_sits_at_its_value),
        cmocka_unit_test(test_chart_y_axis_labels_10_to_60_in_tens),
        cmocka_unit_test(test_chart_points_are_circles_with_their_values),
        cmocka_unit_test(test_chart_line_joins_points_left_to_right_in_order),
        cmocka_unit_test(test_chart_one_point_is_drawn_centred),
        cmocka_unit_test(test_chart_zero_points_draws_axes_and_says_so),
        cmocka_unit_test(test_chart_values_outside_the_range_are_clamped),
        cmocka_unit_test(test_chart_never_uses_inline_style),
        cmocka_unit_test(test_chart_prints_fractions_plainly),
        cmocka_unit_test(test_chart_x_labels_are_thinned_keeping_first_and_last),
        cmocka_unit_test(test_chart_x_labels_never_overlap),
        cmocka_unit_test(test_chart_long_labels_are_shortened),
    };
    return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
