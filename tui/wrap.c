/* wrap.c — see wrap.h. */
#include "wrap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* East Asian Width "A" ranges, Unicode 14.0 (the version of glibc 2.36's
 * tables), generated with Python's unicodedata.east_asian_width. */
static const uint32_t ambi_ranges[][2] = {
  {0x00A1, 0x00A1}, {0x00A4, 0x00A4}, {0x00A7, 0x00A8}, {0x00AA, 0x00AA},
  {0x00AD, 0x00AE}, {0x00B0, 0x00B4}, {0x00B6, 0x00BA}, {0x00BC, 0x00BF},
  {0x00C6, 0x00C6}, {0x00D0, 0x00D0}, {0x00D7, 0x00D8}, {0x00DE, 0x00E1},
  {0x00E6, 0x00E6}, {0x00E8, 0x00EA}, {0x00EC, 0x00ED}, {0x00F0, 0x00F0},
  {0x00F2, 0x00F3}, {0x00F7, 0x00FA}, {0x00FC, 0x00FC}, {0x00FE, 0x00FE},
  {0x0101, 0x0101}, {0x0111, 0x0111}, {0x0113, 0x0113}, {0x011B, 0x011B},
  {0x0126, 0x0127}, {0x012B, 0x012B}, {0x0131, 0x0133}, {0x0138, 0x0138},
  {0x013F, 0x0142}, {0x0144, 0x0144}, {0x0148, 0x014B}, {0x014D, 0x014D},
  {0x0152, 0x0153}, {0x0166, 0x0167}, {0x016B, 0x016B}, {0x01CE, 0x01CE},
  {0x01D0, 0x01D0}, {0x01D2, 0x01D2}, {0x01D4, 0x01D4}, {0x01D6, 0x01D6},
  {0x01D8, 0x01D8}, {0x01DA, 0x01DA}, {0x01DC, 0x01DC}, {0x0251, 0x0251},
  {0x0261, 0x0261}, {0x02C4, 0x02C4}, {0x02C7, 0x02C7}, {0x02C9, 0x02CB},
  {0x02CD, 0x02CD}, {0x02D0, 0x02D0}, {0x02D8, 0x02DB}, {0x02DD, 0x02DD},
  {0x02DF, 0x02DF}, {0x0300, 0x036F}, {0x0391, 0x03A1}, {0x03A3, 0x03A9},
  {0x03B1, 0x03C1}, {0x03C3, 0x03C9}, {0x0401, 0x0401}, {0x0410, 0x044F},
  {0x0451, 0x0451}, {0x2010, 0x2010}, {0x2013, 0x2016}, {0x2018, 0x2019},
  {0x201C, 0x201D}, {0x2020, 0x2022}, {0x2024, 0x2027}, {0x2030, 0x2030},
  {0x2032, 0x2033}, {0x2035, 0x2035}, {0x203B, 0x203B}, {0x203E, 0x203E},
  {0x2074, 0x2074}, {0x207F, 0x207F}, {0x2081, 0x2084}, {0x20AC, 0x20AC},
  {0x2103, 0x2103}, {0x2105, 0x2105}, {0x2109, 0x2109}, {0x2113, 0x2113},
  {0x2116, 0x2116}, {0x2121, 0x2122}, {0x2126, 0x2126}, {0x212B, 0x212B},
  {0x2153, 0x2154}, {0x215B, 0x215E}, {0x2160, 0x216B}, {0x2170, 0x2179},
  {0x2189, 0x2189}, {0x2190, 0x2199}, {0x21B8, 0x21B9}, {0x21D2, 0x21D2},
  {0x21D4, 0x21D4}, {0x21E7, 0x21E7}, {0x2200, 0x2200}, {0x2202, 0x2203},
  {0x2207, 0x2208}, {0x220B, 0x220B}, {0x220F, 0x220F}, {0x2211, 0x2211},
  {0x2215, 0x2215}, {0x221A, 0x221A}, {0x221D, 0x2220}, {0x2223, 0x2223},
  {0x2225, 0x2225}, {0x2227, 0x222C}, {0x222E, 0x222E}, {0x2234, 0x2237},
  {0x223C, 0x223D}, {0x2248, 0x2248}, {0x224C, 0x224C}, {0x2252, 0x2252},
  {0x2260, 0x2261}, {0x2264, 0x2267}, {0x226A, 0x226B}, {0x226E, 0x226F},
  {0x2282, 0x2283}, {0x2286, 0x2287}, {0x2295, 0x2295}, {0x2299, 0x2299},
  {0x22A5, 0x22A5}, {0x22BF, 0x22BF}, {0x2312, 0x2312}, {0x2460, 0x24E9},
  {0x24EB, 0x254B}, {0x2550, 0x2573}, {0x2580, 0x258F}, {0x2592, 0x2595},
  {0x25A0, 0x25A1}, {0x25A3, 0x25A9}, {0x25B2, 0x25B3}, {0x25B6, 0x25B7},
  {0x25BC, 0x25BD}, {0x25C0, 0x25C1}, {0x25C6, 0x25C8}, {0x25CB, 0x25CB},
  {0x25CE, 0x25D1}, {0x25E2, 0x25E5}, {0x25EF, 0x25EF}, {0x2605, 0x2606},
  {0x2609, 0x2609}, {0x260E, 0x260F}, {0x261C, 0x261C}, {0x261E, 0x261E},
  {0x2640, 0x2640}, {0x2642, 0x2642}, {0x2660, 0x2661}, {0x2663, 0x2665},
  {0x2667, 0x266A}, {0x266C, 0x266D}, {0x266F, 0x266F}, {0x269E, 0x269F},
  {0x26BF, 0x26BF}, {0x26C6, 0x26CD}, {0x26CF, 0x26D3}, {0x26D5, 0x26E1},
  {0x26E3, 0x26E3}, {0x26E8, 0x26E9}, {0x26EB, 0x26F1}, {0x26F4, 0x26F4},
  {0x26F6, 0x26F9}, {0x26FB, 0x26FC}, {0x26FE, 0x26FF}, {0x273D, 0x273D},
  {0x2776, 0x277F}, {0x2B56, 0x2B59}, {0x3248, 0x324F}, {0xE000, 0xF8FF},
  {0xFE00, 0xFE0F}, {0xFFFD, 0xFFFD}, {0x1F100, 0x1F10A}, {0x1F110, 0x1F12D},
  {0x1F130, 0x1F169}, {0x1F170, 0x1F18D}, {0x1F18F, 0x1F190},
  {0x1F19B, 0x1F1AC}, {0xE0100, 0xE01EF}, {0xF0000, 0xFFFFD},
  {0x100000, 0x10FFFD},
};

static int in_ranges(const uint32_t (*r)[2], size_t n, uint32_t cp)
{
  size_t lo = 0, hi = n;
  if (n == 0 || cp < r[0][0])
    return 0;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < r[mid][0])
      hi = mid;
    else if (cp > r[mid][1])
      lo = mid + 1;
    else
      return 1;
  }
  return 0;
}

int wrap_ambiguous(uint32_t cp)
{
  return in_ranges(ambi_ranges, sizeof ambi_ranges / sizeof ambi_ranges[0], cp);
}

/* East Asian Wide and Fullwidth ranges, Unicode 14.0 (Python's
 * unicodedata.east_asian_width "W" or "F" on assigned characters, ranges
 * joined across unassigned gaps), for wrap_cols. */
static const uint32_t wide_ranges[][2] = {
  {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
  {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
  {0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
  {0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
  {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
  {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
  {0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
  {0x2E80, 0x303E}, {0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4C6}, {0xA960, 0xA97C},
  {0xAC00, 0xD7A3}, {0xF900, 0xFAD9}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6B}, {0xFF01, 0xFF60},
  {0xFFE0, 0xFFE6}, {0x16FE0, 0x1B2FB}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
  {0x1F191, 0x1F19A}, {0x1F200, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C},
  {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0},
  {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
  {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
  {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5},
  {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6DF}, {0x1F6EB, 0x1F6EC},
  {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
  {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAF6}, {0x20000, 0x3134A},
};

/* Characters that take no column: combining marks that Japanese text can
 * carry (the kana voicing marks among them), joiners and format controls,
 * variation selectors.  Marks missing here count as one column: too wide,
 * never too narrow. */
static const uint32_t zero_ranges[][2] = {
  {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x1160, 0x11FF},
  {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},
  {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
  {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0001, 0xE007F}, {0xE0100, 0xE01EF},
};

int wrap_cols(uint32_t cp)
{
  /* the common cases first: printable ASCII; kana and the CJK unified
   * ideographs (all Wide, none zero-width) */
  if (cp >= 0x20 && cp < 0x7F)
    return 1;
  if ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF))
    return 2;
  if (cp == '\t')
    return 1;                   /* written as a space */
  if (cp == '\n')
    return 0;
  if (gn_is_forbidden_control(cp))
    return 2;                   /* written as U+FFFD, which is ambiguous */
  if (in_ranges(zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0], cp))
    return 0;
  if (in_ranges(wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0], cp) || wrap_ambiguous(cp))
    return 2;
  return 1;
}

/* Replacements for the ambiguous characters that Japanese text actually
 * uses; every replacement is ASCII or East Asian Wide. */

static const struct { uint32_t cp; const char *to; } subst[] = {
  {0x00A1, "!"},   {0x00A7, "S."},  {0x00A8, "\""},
  {0x00AD, "-"},   {0x00AE, "(R)"}, {0x00B0, "゜"},
  {0x00B1, "+-"},  {0x00B2, "2"},   {0x00B3, "3"},   {0x00B4, "'"},
  {0x00B6, "P."},  {0x00B7, "・"},  {0x00B9, "1"},
  {0x00BC, "1/4"}, {0x00BD, "1/2"}, {0x00BE, "3/4"}, {0x00BF, "?"},
  {0x00D7, "x"},   {0x00F7, "/"},
  {0x2010, "-"},   {0x2013, "-"},   {0x2014, "--"},  {0x2015, "--"},
  {0x2016, "||"},  {0x2018, "'"},   {0x2019, "'"},   {0x201C, "\""},
  {0x201D, "\""},  {0x2020, "+"},   {0x2021, "++"},  {0x2022, "・"},
  {0x2024, "."},   {0x2025, ".."},  {0x2026, "..."}, {0x2027, "・"},
  {0x2030, "o/oo"},{0x2032, "'"},   {0x2033, "\""},  {0x2035, "`"},
  {0x203B, "＊"},  {0x203E, "~"},   {0x20AC, "EUR"}, {0x2103, "゜C"},
  {0x2116, "No."}, {0x2121, "TEL"}, {0x2122, "TM"},
  {0x2190, "<-"},  {0x2191, "^"},   {0x2192, "->"},  {0x2193, "v"},
  {0x2194, "<->"}, {0x21D2, "=>"},  {0x21D4, "<=>"},
  {0x2200, "A"},   {0x2202, "d"},   {0x2203, "E"},   {0x2208, "in"},
  {0x2211, "S"},   {0x221A, "v"},   {0x221E, "oo"},  {0x2225, "//"},
  {0x2227, "&"},   {0x2228, "|"},   {0x2229, "^"},   {0x222A, "U"},
  {0x222B, "S"},   {0x2234, ".:."}, {0x2235, ":.:"}, {0x223D, "~"},
  {0x2252, "=~"},  {0x2260, "!="},  {0x2261, "=="},  {0x2264, "<="},
  {0x2265, ">="},  {0x2266, "<="},  {0x2267, ">="},  {0x226A, "<<"},
  {0x226B, ">>"},  {0x2282, "(_"},  {0x2283, "_)"},  {0x22A5, "_|_"},
  {0x2312, "^"},
  {0x2500, "-"},   {0x2501, "-"},   {0x2502, "|"},   {0x2503, "|"},
  {0x25A0, "#"},   {0x25A1, "[]"},  {0x25B2, "^"},   {0x25B3, "^"},
  {0x25B6, ">"},   {0x25B7, ">"},   {0x25BC, "v"},   {0x25BD, "v"},
  {0x25C0, "<"},   {0x25C1, "<"},   {0x25C6, "*"},   {0x25C7, "*"},
  {0x25CB, "〇"},  {0x25CE, "(o)"}, {0x25CF, "*"},   {0x25EF, "〇"},
  {0x2605, "*"},   {0x2606, "*"},   {0x260E, "TEL"}, {0x2640, "F"},
  {0x2642, "M"},   {0x266A, "#"},
  {0x3248, "10"},
  {0xFFFD, "?"},
};

const char *wrap_ambi_subst(uint32_t cp, char *buf)
{
  static const char *const roman_up[] = {"I", "II", "III", "IV", "V", "VI",
    "VII", "VIII", "IX", "X", "XI", "XII"};
  static const char *const roman_lo[] = {"i", "ii", "iii", "iv", "v", "vi",
    "vii", "viii", "ix", "x", "xi", "xii"};
  if (!wrap_ambiguous(cp))
    return NULL;
  if (cp >= 0x2460 && cp <= 0x2473) {          /* ① .. ⑳ */
    snprintf(buf, 8, "(%u)", (unsigned)(cp - 0x2460 + 1));
    return buf;
  }
  if (cp >= 0x2474 && cp <= 0x2487) {          /* ⑴ .. ⒇ */
    snprintf(buf, 8, "(%u)", (unsigned)(cp - 0x2474 + 1));
    return buf;
  }
  if (cp >= 0x2488 && cp <= 0x249B) {          /* ⒈ .. ⒛ */
    snprintf(buf, 8, "%u.", (unsigned)(cp - 0x2488 + 1));
    return buf;
  }
  if (cp >= 0x24B6 && cp <= 0x24E9) {          /* Ⓐ .. ⓩ */
    buf[0] = '(';
    buf[1] = (char)(cp <= 0x24CF ? 'A' + (cp - 0x24B6) : 'a' + (cp - 0x24D0));
    buf[2] = ')';
    buf[3] = '\0';
    return buf;
  }
  if (cp >= 0x2160 && cp <= 0x216B)
    return roman_up[cp - 0x2160];
  if (cp >= 0x2170 && cp <= 0x217B)
    return roman_lo[cp - 0x2170];
  if (cp >= 0x2500 && cp <= 0x257F)            /* box drawing */
    return "+";
  size_t lo = 0, hi = sizeof subst / sizeof subst[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < subst[mid].cp)
      hi = mid;
    else if (cp > subst[mid].cp)
      lo = mid + 1;
    else
      return subst[mid].to;
  }
  return "?";
}

/* ---- the growable text ---- */

void wt_init(wtext *t)
{
  memset(t, 0, sizeof *t);
}

void wt_clear(wtext *t)
{
  t->n = 0;
}

void wt_free(wtext *t)
{
  free(t->wc);
  free(t->src);
  free(t->w);
  free(t->role);
  wt_init(t);
}

static void grow(wtext *t, int need)
{
  if (t->n + need + 1 <= t->cap)
    return;
  int cap = t->cap ? t->cap : 64;
  while (cap < t->n + need + 1)
    cap *= 2;
  t->wc = gn_xrealloc(t->wc, (size_t)cap * sizeof *t->wc);
  t->src = gn_xrealloc(t->src, (size_t)cap * sizeof *t->src);
  t->w = gn_xrealloc(t->w, (size_t)cap);
  t->role = gn_xrealloc(t->role, (size_t)cap);
  t->cap = cap;
}

static void put(wtext *t, wchar_t c, int w, uint32_t src, int role)
{
  grow(t, 1);
  t->wc[t->n] = c;
  t->src[t->n] = src;
  t->w[t->n] = (unsigned char)w;
  t->role[t->n] = (unsigned char)role;
  t->n++;
  t->wc[t->n] = L'\0';
}

/* Width of a display character as curses will measure it; -1: unprintable. */
static int cwidth(wchar_t c)
{
  if (c < 0x20 || (c >= 0x7F && c < 0xA0))
    return -1;
  return wcwidth(c);
}

void wt_putc(wtext *t, wchar_t c, uint32_t src, int role)
{
  int w = cwidth(c);
  if (w <= 0) {
    c = L'?';
    w = 1;
  }
  put(t, c, w, src, role);
}

/* Append one decoded code point, sanitised and substituted. */
static void add_cp(wtext *t, uint32_t cp, uint32_t src, int role, int flags)
{
  if (cp == '\n') {
    if (flags & WRAP_ONELINE)
      put(t, L' ', 1, src, role);
    else
      put(t, L'\n', 0, src, role);
    return;
  }
  if (cp == '\t' || cp == '\r') {
    put(t, L' ', 1, src, role);
    return;
  }
  if (gn_is_forbidden_control(cp) || cp < 0x20) {
    cp = 0xFFFD;
  }
  if (flags & WRAP_AMBI) {
    char buf[8];
    const char *r = wrap_ambi_subst(cp, buf);
    if (r) {
      /* replacements are plain: decode them without further substitution */
      const unsigned char *p = (const unsigned char *)r;
      size_t n = strlen(r);
      while (n > 0) {
        uint32_t c2;
        int k = gn_utf8_decode(p, n, &c2);
        if (k <= 0)
          break;
        int w = cwidth((wchar_t)c2);
        if (w > 0)
          put(t, (wchar_t)c2, w, src, role);
        p += k;
        n -= (size_t)k;
      }
      return;
    }
  }
  int w = cwidth((wchar_t)cp);
  if (w == 0)
    return;                     /* combining marks, zero-width characters */
  if (w < 0) {
    cp = (flags & WRAP_AMBI) ? '?' : 0xFFFD;
    w = cwidth((wchar_t)cp);
    if (w <= 0) {
      cp = '?';
      w = 1;
    }
  }
  put(t, (wchar_t)cp, w, src, role);
}

void wt_append(wtext *t, const char *s, int len, uint32_t base, int role, int flags)
{
  if (!s)
    return;
  size_t n = len < 0 ? strlen(s) : (size_t)len;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  grow(t, (int)(n < 1024 ? n : 1024));
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode(p + i, n - i, &cp);
    if (k <= 0) {
      add_cp(t, 0xFFFD, base + (uint32_t)i, role, flags);
      i++;
      continue;
    }
    add_cp(t, cp, base + (uint32_t)i, role, flags);
    i += (size_t)k;
  }
}

void wt_append_raw(wtext *t, const char *s, int len, uint32_t base, int role)
{
  if (!s)
    return;
  size_t n = len < 0 ? strlen(s) : (size_t)len;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  grow(t, (int)(n < 1024 ? n : 1024));
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode(p + i, n - i, &cp);
    uint32_t at = base + (uint32_t)i;
    i += k > 0 ? (size_t)k : 1;
    if (k <= 0 || (gn_is_forbidden_control(cp) && cp != '\r'))
      put(t, 0xFFFD, 2, at, role);
    else if (cp == '\n')
      put(t, L'\n', 0, at, role);
    else if (cp == '\t' || cp == '\r')
      put(t, L' ', 1, at, role);
    else if (wrap_cols(cp) > 0)
      put(t, (wchar_t)cp, wrap_cols(cp), at, role);
  }
}

int wt_strwidth(const char *s, int flags)
{
  wtext t;
  wt_init(&t);
  wt_append(&t, s, -1, 0, 0, flags);
  int w = wt_width(&t, 0, t.n);
  wt_free(&t);
  return w;
}

int wt_width(const wtext *t, int from, int to)
{
  int w = 0;
  for (int i = from; i < to && i < t->n; i++)
    w += t->w[i];
  return w;
}

int wt_fit(const wtext *t, int from, int to, int cols)
{
  int w = 0, i = from;
  if (to > t->n)
    to = t->n;
  while (i < to && w + t->w[i] <= cols) {
    w += t->w[i];
    i++;
  }
  return i;
}

void wt_mark(wtext *t, int from, int to, uint32_t a, uint32_t b, int role)
{
  if (to > t->n)
    to = t->n;
  for (int i = from < 0 ? 0 : from; i < to; i++)
    if (t->src[i] >= a && t->src[i] < b && t->wc[i] != L'\n')
      t->role[i] = (unsigned char)role;
}

/* ---- line breaking ---- */

int wrap_nostart(wchar_t c)
{
  static const wchar_t set[] =
    L"、。，．・：；？！ー―‐〜～…‥）〕］｝〉》」』】〙〗〟’”»"
    L"ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    L"ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ゛゜"
    L"｡｣､･ｰｧｨｩｪｫｬｭｮｯﾞﾟ"
    L")]},.:;!?%％℃°′″‰";
  return c != L'\0' && wcschr(set, c) != NULL;
}

int wrap_noend(wchar_t c)
{
  static const wchar_t set[] = L"（〔［｛〈《「『【〘〖〝‘“«｢([{￥＄";
  return c != L'\0' && wcschr(set, c) != NULL;
}

/* Characters that form words with their neighbours (no break inside). */
static int is_word(const wtext *t, int i)
{
  wchar_t c = t->wc[i];
  return c > 0x20 && c < 0x1100 && t->w[i] == 1;
}

/* May a line break fall between t[i-1] and t[i]? */
static int break_ok(const wtext *t, int i)
{
  wchar_t a = t->wc[i - 1], b = t->wc[i];
  if (b == L' ' || a == L' ')
    return 1;
  if (wrap_nostart(b) || wrap_noend(a))
    return 0;
  if (is_word(t, i - 1) && is_word(t, i))
    return 0;
  return 1;
}

static void emit(wlines *out, const wtext *t, int start, int end)
{
  while (end > start && t->wc[end - 1] == L' ')
    end--;
  wline l = {start, end, wt_width(t, start, end)};
  GN_PUSH(out->v, out->n, out->cap, l);
}

void wt_wrap(const wtext *t, int from, int to, int w1, int wrest, wlines *out)
{
  int i = from, first = 1;
  if (to > t->n)
    to = t->n;
  if (w1 < 1)
    w1 = 1;
  if (wrest < 1)
    wrest = 1;
  while (i < to) {
    int limit = first ? w1 : wrest;
    int start = i, width = 0, j = i, last_ok = -1;
    first = 0;
    while (j < to && t->wc[j] != L'\n') {
      if (width + t->w[j] > limit && j > start)
        break;
      width += t->w[j];
      j++;
      if (j < to && t->wc[j] != L'\n' && break_ok(t, j))
        last_ok = j;
    }
    if (j >= to) {
      emit(out, t, start, j);
      i = j;
      break;
    }
    if (t->wc[j] == L'\n') {
      emit(out, t, start, j);
      i = j + 1;
      continue;
    }
    /* overflow before j */
    int end;
    if (break_ok(t, j))
      end = j;
    else if (last_ok > start)
      end = last_ok;
    else
      end = j;      /* nothing better: a forced break */
    emit(out, t, start, end);
    i = end;
    while (i < to && t->wc[i] == L' ')
      i++;
    if (i < to && t->wc[i] == L'\n')
      i++;          /* the break already happened here */
  }
}

void wl_free(wlines *l)
{
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}
