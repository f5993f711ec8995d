package charts

import (
	"bytes"
	hexpkg "encoding/hex"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"rsc.io/pdf"
)

// pdfText is one string shown in a PDF, decoded through its font's
// ToUnicode map (what a reader gets on copy and paste), and that font.
type pdfText struct {
	s    string
	font string
}

// pdfStrings extracts the strings of a one-page PDF in drawing order.
// rsc.io/pdf reads the file but cannot decode two-byte (Identity-H) text,
// so each font's ToUnicode CMap is read here.
func pdfStrings(t *testing.T, b []byte) []pdfText {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	page := r.Page(1)
	maps := make(map[string]map[uint16][]uint16)
	for _, name := range page.Fonts() {
		maps[name] = toUnicode(t, page.Font(name).V.Key("ToUnicode"))
	}
	var out []pdfText
	var font string
	pdf.Interpret(page.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "Tf":
			font = args[0].Name()
		case "Tj":
			raw := args[0].RawString()
			m := maps[font]
			var units []uint16
			for i := 0; i+1 < len(raw); i += 2 {
				code := uint16(raw[i])<<8 | uint16(raw[i+1])
				u, ok := m[code]
				if !ok {
					t.Errorf("code %04X of font %s has no ToUnicode entry", code, font)
				}
				units = append(units, u...)
			}
			out = append(out, pdfText{s: string(utf16.Decode(units)), font: page.Font(font).BaseFont()})
		}
	})
	return out
}

// toUnicode reads a ToUnicode CMap's bfchar and bfrange entries (hex
// strings only, which is what fpdf writes).
func toUnicode(t *testing.T, v pdf.Value) map[uint16][]uint16 {
	t.Helper()
	data, err := io.ReadAll(v.Reader())
	if err != nil {
		t.Fatalf("read ToUnicode: %v", err)
	}
	hex := func(s string) []uint16 {
		b, err := hexpkg.DecodeString(strings.Trim(s, "<>"))
		if err != nil {
			t.Fatalf("ToUnicode entry %q: %v", s, err)
		}
		var u []uint16
		for i := 0; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return u
	}
	m := make(map[uint16][]uint16)
	section := regexp.MustCompile(`(?s)begin(bfchar|bfrange)(.*?)end(bfchar|bfrange)`)
	entry := regexp.MustCompile(`<[0-9A-Fa-f]*>`)
	for _, sec := range section.FindAllStringSubmatch(string(data), -1) {
		e := entry.FindAllString(sec[2], -1)
		if sec[1] == "bfchar" {
			for i := 0; i+1 < len(e); i += 2 {
				m[hex(e[i])[0]] = hex(e[i+1])
			}
			continue
		}
		for i := 0; i+2 < len(e); i += 3 {
			lo, hi, dst := hex(e[i])[0], hex(e[i+1])[0], hex(e[i+2])
			for c := int(lo); c <= int(hi); c++ {
				u := append([]uint16(nil), dst...)
				u[len(u)-1] += uint16(c - int(lo))
				m[uint16(c)] = u
			}
		}
	}
	if len(m) == 0 {
		t.Fatal("the PDF font has no ToUnicode map: its text cannot be copied")
	}
	return m
}

// svgStrings extracts the text elements of an SVG in document order.
func svgStrings(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	d := xml.NewDecoder(bytes.NewReader(b))
	in := false
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			in = tk.Name.Local == "text"
			if in {
				out = append(out, "")
			}
		case xml.CharData:
			if in {
				out[len(out)-1] += string(tk)
			}
		case xml.EndElement:
			in = false
		}
	}
	return out
}

// pdfTexts are the strings drawn, in order, as a PDF must show them: in
// the bold face where they are bold.
func (r *recorder) pdfTexts() []pdfText {
	var out []pdfText
	for _, tx := range r.texts {
		f := "utf8liberationsans"
		if tx.bold {
			f += "B"
		}
		out = append(out, pdfText{s: tx.s, font: f})
	}
	return out
}

// unicodeChart uses every character pubtrend writes beyond ASCII, and
// Greek and German in a query and a name.
func unicodeChart() ([]Series, Options) {
	s := []Series{
		{Name: "Exosomen · Vesikel", Query: "exosome AND (α-synuclein OR β-amyloid)", Points: []Point{
			{Year: 2024, Value: 102}, {Year: 2025, Value: 140}, {Year: 2026, Value: 121, Partial: true, Projected: 150}}},
		{Name: "Größe – Δμ", Query: "size[tiab] × 2", Points: []Point{
			{Year: 2024, Value: 10}, {Year: 2025, Value: 14}, {Year: 2026, Value: 12, Partial: true, Projected: 16}}},
	}
	return s, Options{
		Title:            "Exosomes × α-synuclein – ≈ … ‘quotes’ “double” — €",
		Subtitle:         "counted by publication year ([dp]) · values ≈ counts",
		YLabel:           "Publications per year",
		Footer:           []string{"Source: PubMed (NCBI E-utilities), retrieved 2026-11-26 · pubtrend", "≥ ≤ ± Ünïcödé"},
		PartialNote:      "to 26 Nov",
		ProjectionMethod: "Expected from 2025’s share by 26 Nov.",
	}
}

// Issue 11 §2: every character comes out of the PDF as it was drawn, in a
// bold face for the title, and SVG has the same strings as PNG and PDF.
func TestPDFText(t *testing.T) {
	series, opts := unicodeChart()
	rec, _ := drawn(t, series, opts)
	want := rec.pdfTexts()
	if len(rec.find(opts.Title)) != 1 || !rec.find(opts.Title)[0].bold {
		t.Fatalf("the title is not drawn in bold on one line")
	}

	opts.Format = PDF
	var buf bytes.Buffer
	if err := Render(&buf, series, opts); err != nil {
		t.Fatal(err)
	}
	got := pdfStrings(t, buf.Bytes())
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(pdfText{})); diff != "" {
		t.Errorf("PDF text differs from what was drawn (-drawn +pdf):\n%s", diff)
	}

	opts.Format = SVG
	buf.Reset()
	if err := Render(&buf, series, opts); err != nil {
		t.Fatal(err)
	}
	var wantSVG []string
	for _, tx := range rec.texts {
		wantSVG = append(wantSVG, tx.s)
	}
	if diff := cmp.Diff(wantSVG, svgStrings(t, buf.Bytes())); diff != "" {
		t.Errorf("SVG text differs from what was drawn (-drawn +svg):\n%s", diff)
	}
}
