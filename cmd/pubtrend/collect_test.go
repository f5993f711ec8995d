package main

import "testing"

func TestYearRanges(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{[]int{2020}, "2020"},
		{[]int{2021, 2019, 2020}, "2019-2021"},
		{[]int{2015, 2016, 2018, 2020, 2021}, "2015-2016, 2018, 2020-2021"},
	}
	for _, tt := range tests {
		if got := yearRanges(tt.in); got != tt.want {
			t.Errorf("yearRanges(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
