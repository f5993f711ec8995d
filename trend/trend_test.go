package trend_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/pubtrend/pubtrend/trend"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

func TestPerHundredK(t *testing.T) {
	tests := []struct {
		count, total int64
		want         float64
		ok           bool
	}{
		{5139, 1406080, 365.4841829, true}, // 5139/1406080*1e5, by hand
		{0, 1000, 0, true},
		{10, 0, 0, false},
		{10, -5, 0, false},
	}
	for _, tt := range tests {
		got, ok := trend.PerHundredK(tt.count, tt.total)
		if ok != tt.ok || !near(got, tt.want) {
			t.Errorf("PerHundredK(%d, %d) = %v, %v; want %v, %v", tt.count, tt.total, got, ok, tt.want, tt.ok)
		}
	}
}

func TestGrowth(t *testing.T) {
	tests := []struct {
		name        string
		first, last float64
		years       int
		fold        float64
		foldOK      bool
		cagr        float64
		cagrOK      bool
		doubling    float64
		doublingOK  bool
	}{
		// 100 → 200 in 1 year: ×2, +100%, doubles in exactly 1 year.
		{"double in a year", 100, 200, 1, 2, true, 1, true, 1, true},
		// 1000 → 1331 in 3 years is 10% a year (1.1³ = 1.331); ln2/ln1.1 = 7.2725.
		{"ten percent", 1000, 1331, 3, 1.331, true, 0.1, true, 7.272540897, true},
		// decline: 200 → 50 in 2 years = −50%/year; not growing.
		{"decline", 200, 50, 2, 0.25, true, -0.5, true, 0, false},
		{"flat", 80, 80, 5, 1, true, 0, true, 0, false},
		{"from zero", 0, 50, 4, 0, false, 0, false, 0, false},
		{"to zero", 50, 0, 4, 0, true, 0, false, 0, false},
		{"single year", 50, 50, 0, 1, true, 0, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fold, ok := trend.FoldChange(tt.first, tt.last)
			if ok != tt.foldOK || (ok && !near(fold, tt.fold)) {
				t.Errorf("FoldChange(%v, %v) = %v, %v; want %v, %v", tt.first, tt.last, fold, ok, tt.fold, tt.foldOK)
			}
			cagr, ok := trend.CAGR(tt.first, tt.last, tt.years)
			if ok != tt.cagrOK || (ok && !near(cagr, tt.cagr)) {
				t.Errorf("CAGR(%v, %v, %d) = %v, %v; want %v, %v", tt.first, tt.last, tt.years, cagr, ok, tt.cagr, tt.cagrOK)
			}
			if !ok {
				return
			}
			d, ok := trend.DoublingTime(cagr)
			if ok != tt.doublingOK || (ok && !near(d, tt.doubling)) {
				t.Errorf("DoublingTime(%v) = %v, %v; want %v, %v", cagr, d, ok, tt.doubling, tt.doublingOK)
			}
		})
	}
}

func TestSummariseMissingYearsAreNotZero(t *testing.T) {
	values := map[int]float64{2019: 100, 2020: 110, 2022: 150, 2023: 121}
	s, ok := trend.Summarise(values)
	if !ok {
		t.Fatal("Summarise reported no data")
	}
	want := trend.Summary{
		FirstYear: 2019, LastYear: 2023, First: 100, Last: 121,
		Total: 481, Years: 4, Missing: []int{2021},
		Fold: 1.21, FoldOK: true,
		CAGR: 0.0488088482, CAGROK: true, // 1.21^(1/4) − 1 = 1.1^(1/2) − 1
		Doubling: 14.5450818, DoublingOK: true, // ln2 / ln(1.0488088)
		LastChange: 121.0/150 - 1, LastChangeOK: true,
	}
	if diff := cmp.Diff(want, s, cmpopts.EquateApprox(1e-6, 0)); diff != "" {
		t.Errorf("Summarise mismatch (-want +got):\n%s", diff)
	}

	// A year missing before the last one: no last-year change, rather than
	// a change against zero.
	s, _ = trend.Summarise(map[int]float64{2019: 10, 2021: 20})
	if s.LastChangeOK {
		t.Errorf("LastChange with 2020 missing = %v, want not available", s.LastChange)
	}
	if _, ok := trend.Summarise(nil); ok {
		t.Error("Summarise(nil) reported data")
	}
	s, _ = trend.Summarise(map[int]float64{2020: 7})
	if s.CAGROK || s.Total != 7 || !s.FoldOK || s.Fold != 1 {
		t.Errorf("single year summary = %+v, want total 7, fold 1, no CAGR", s)
	}
}

func TestCrossover(t *testing.T) {
	tests := []struct {
		name string
		a, b map[int]float64
		year int
		ok   bool
	}{
		{"overtakes", map[int]float64{2019: 1, 2020: 5, 2021: 9}, map[int]float64{2019: 4, 2020: 6, 2021: 7}, 2021, true},
		{"equal then above", map[int]float64{2019: 4, 2020: 8}, map[int]float64{2019: 4, 2020: 7}, 2020, true},
		{"always ahead", map[int]float64{2019: 9, 2020: 9}, map[int]float64{2019: 1, 2020: 2}, 0, false},
		{"never", map[int]float64{2019: 1, 2020: 2}, map[int]float64{2019: 3, 2020: 4}, 0, false},
		// 2020 is missing from b: compared 2019 then 2021.
		{"gap", map[int]float64{2019: 1, 2020: 100, 2021: 9}, map[int]float64{2019: 4, 2021: 7}, 2021, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, ok := trend.Crossover(tt.a, tt.b)
			if y != tt.year || ok != tt.ok {
				t.Errorf("Crossover = %d, %v; want %d, %v", y, ok, tt.year, tt.ok)
			}
		})
	}
}

func TestProjections(t *testing.T) {
	// 1 July 2026 00:00 UTC: 181 of 365 days have passed.
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	if f := trend.YearFraction(asOf); !near(f, 181.0/365) {
		t.Errorf("YearFraction(1 Jul 2026) = %v, want 181/365", f)
	}
	p := trend.ProjectByElapsed(1810, asOf)
	if !near(p.Value, 1810*365.0/181) || p.Method == "" {
		t.Errorf("ProjectByElapsed = %+v, want %v with a method", p, 1810*365.0/181)
	}
	// Last year was 800 on this date and 1000 now: it grew by 1.25.
	h, ok := trend.ProjectByHistory(900, 800, 1000)
	if !ok || !near(h.Value, 1125) {
		t.Errorf("ProjectByHistory(900, 800, 1000) = %v, %v; want 1125", h.Value, ok)
	}
	if _, ok := trend.ProjectByHistory(900, 0, 1000); ok {
		t.Error("ProjectByHistory with no earlier count succeeded")
	}
}
