package dataset

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrepare(t *testing.T) {
	r := newRig(t, testConfig)
	cat := r.catalog()
	tests := []struct {
		name     string
		req      Request
		want     []string // topic names
		from, to int
		wantErr  bool
	}{
		{name: "config topic and raw query", req: Request{Args: []string{"exosome", "snail mucin"}},
			want: []string{"exosome (config)", "snail mucin (query)"}, from: 2020, to: 2026},
		{name: "range overrides the topics' own", req: Request{Args: []string{"exosome"}, Range: Range{From: 2015, To: 2018}},
			want: []string{"exosome (config)"}, from: 2015, to: 2018},
		{name: "duplicates dropped", req: Request{Args: []string{"exosome", "EXOSOME"}}, want: []string{"exosome (config)"}, from: 2022, to: 2026},
		{name: "no names", req: Request{}, wantErr: true},
		{name: "control characters", req: Request{Args: []string{"a\x1bb"}}, wantErr: true},
		{name: "bad range", req: Request{Args: []string{"exosome"}, Range: Range{From: 2020, To: 2010}}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			need, err := Prepare(r.cfg, cat, tt.req, testNow)
			sel := need.Sel
			if tt.wantErr {
				var ae *ArgumentError
				if !errors.As(err, &ae) {
					t.Fatalf("Prepare(%v) = %v, want an *ArgumentError", tt.req, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(sel.Topics)); diff != "" {
				t.Errorf("topics (-want +got):\n%s", diff)
			}
			if sel.From != tt.from || sel.To != tt.to {
				t.Errorf("years = %d-%d, want %d-%d", sel.From, sel.To, tt.from, tt.to)
			}
		})
	}
}
