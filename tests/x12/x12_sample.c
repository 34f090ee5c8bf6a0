/* x12_sample.c - writes an 837P from the real writer (src/domain/x12.c) to stdout for
 * tests/x12/check.mjs to read with a real X12 parser: two recoverees, one of them with more
 * lines than fit one claim, modifiers, a separator inside a name. */
#include <stdio.h>

#include "x12.h"

int main(void)
{
    static struct x12_line a[3] = {{"H0038", "HF", 3591, 3, "2026-12-01"},
                                   {"H0038", "HF HQ", 576, 2, "2026-12-01"},
                                   {"H0038", "HF", 4788, 4, "2026-12-03"}};
    static struct x12_line b[52];
    for (int i = 0; i < 52; i++)
        b[i] = (struct x12_line){"H0038", i % 2 ? "HQ" : NULL, 1197 + i, 1 + i % 3, "2026-12-02"};
    struct x12_subscriber subs[2] = {
        {"Rivera", "Ana", "NJ100200", "1990-04-02", "F", {"1 Main St", "Trenton", "NJ", "08608"},
         "F11.20", "B9R1", a, 3},
        {"O*Neil", "Sam", "NJ100300", NULL, NULL, {0}, "F10.20", "B9R2", b, 52},
    };
    struct x12_batch batch = {.control_number = 9, .date = "2026-12-05", .time = "1015",
                              .submitter_id = "PD1234", .provider_name = "Hope Peer Services",
                              .npi = "1234567893", .tax_id = "12-3456789",
                              .contact_name = "Billing Office", .contact_phone = "(609) 555-0100",
                              .provider_addr = {"20 State St", "Trenton", "NJ", "08608"},
                              .payer_name = "NJ Medicaid", .payer_id = "NJMCD",
                              .filing_code = "MC", .subs = subs, .nsubs = 2};
    buf out;
    buf_init(&out);
    if (x12_837p_write(&out, &batch) < 0) {
        fprintf(stderr, "x12_sample: the writer refused the sample batch\n");
        return 1;
    }
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    return 0;
}
