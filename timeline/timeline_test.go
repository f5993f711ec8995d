package timeline_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/timeline"
)

func TestParseSample(t *testing.T) {
	f, err := os.Open("testdata/pubmed-timeline.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := timeline.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	want := timeline.Timeline{Query: "microbiome", Rows: []timeline.Row{{Year: 2021, Count: 25210}, {Year: 2022, Count: 9705}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(sample) mismatch (-want +got):\n%s", diff)
	}
}

func TestParseVariants(t *testing.T) {
	tests := []struct {
		name, in string
		want     timeline.Timeline
	}{
		{"quoted query with commas and quotes",
			"\"Search query: (\"\"snail mucin\"\"[tiab]) AND (skin, hair)\",\nYear,Count\n2020,3\n2019,1\n",
			timeline.Timeline{Query: `("snail mucin"[tiab]) AND (skin, hair)`, Rows: []timeline.Row{{2019, 1}, {2020, 3}}}},
		{"no query line", "Year,Count\n2001,5\n",
			timeline.Timeline{Rows: []timeline.Row{{2001, 5}}}},
		{"semicolons, CRLF and BOM", "\ufeffSearch query: exosome;\r\nYear;Count\r\n2024;8801\r\n2023;8120\r\n",
			timeline.Timeline{Query: "exosome", Rows: []timeline.Row{{2023, 8120}, {2024, 8801}}}},
		{"gaps stay gaps", "Search query: x\nYear,Count\n2010,4\n2007,1\n",
			timeline.Timeline{Query: "x", Rows: []timeline.Row{{2007, 1}, {2010, 4}}}},
		{"blank lines and trailing commas", "Search query: x,\n\nYear,Count,\n2010,4,\n",
			timeline.Timeline{Query: "x", Rows: []timeline.Row{{2010, 4}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := timeline.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int // 0: an error without a line
		msg      string
	}{
		{"bad count", "Search query: x\nYear,Count\n2020,12a\n", 3, `count "12a" for 2020 is not a whole number`},
		{"bad year", "Year,Count\nabc,3\n", 2, `"abc" is not a year`},
		{"duplicate", "Year,Count\n2020,3\n2020,4\n", 3, "year 2020 appears twice (first at line 2)"},
		{"three columns", "Year,Count\n2020,3,7\n", 2, "want YEAR,COUNT"},
		{"no header", "Search query: x\n2020,3\n", 2, "want the header Year,Count"},
		{"negative", "Year,Count\n2020,-3\n", 2, "is not a whole number"},
		{"empty", "", 0, "no Year,Count header"},
		{"header only", "Year,Count\n", 0, "no year rows"},
		{"html", "<html><body>Error</body></html>", 1, "want the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := timeline.Parse(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded", tt.in)
			}
			var le *timeline.Error
			if tt.line > 0 && (!errors.As(err, &le) || le.Line != tt.line) {
				t.Errorf("Parse error = %v, want it at line %d", err, tt.line)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Parse error = %q, want it to say %q", err, tt.msg)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("testdata/pubmed-timeline.csv"); err == nil {
		f.Add(string(b))
	}
	f.Add("\"Search query: a, \"\"b\"\"\",\nYear;Count\n2020;1\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := timeline.Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(got.Rows) == 0 {
			t.Fatal("Parse succeeded with no rows")
		}
		for i, r := range got.Rows {
			if r.Count < 0 || r.Year < 1800 || r.Year > 2200 {
				t.Errorf("row %+v out of range", r)
			}
			if i > 0 && r.Year <= got.Rows[i-1].Year {
				t.Errorf("rows not strictly increasing: %v", got.Rows)
			}
			// Every parsed count must appear in the input as written.
			if !strings.Contains(in, strconv.FormatInt(r.Count, 10)) {
				t.Errorf("count %d is not in the input", r.Count)
			}
		}
	})
}
