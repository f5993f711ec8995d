package charts

import (
	"image/color"
	"math"
	"testing"
)

// Colour science for the palette tests: CIELAB (D65), the CIEDE2000
// difference, and Machado, Oliveira and Fernandes's (2009) simulation of
// complete protanopia, deuteranopia and tritanopia in linear RGB.

func linear(v uint8) float64 {
	s := float64(v) / 255
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

func gamma(x float64) uint8 {
	x = math.Min(math.Max(x, 0), 1)
	if x <= 0.0031308 {
		x *= 12.92
	} else {
		x = 1.055*math.Pow(x, 1/2.4) - 0.055
	}
	return uint8(math.Round(x * 255))
}

// vision is how a colour is seen: as it is, or through a colour-blind
// simulation.
type vision struct {
	name string
	m    *[3][3]float64 // nil: as it is
}

var visions = []vision{
	{"normal", nil},
	{"protanopia", &[3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}},
	{"deuteranopia", &[3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}},
	{"tritanopia", &[3][3]float64{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}},
}

func (v vision) see(c color.NRGBA) color.NRGBA {
	if v.m == nil {
		return c
	}
	l := [3]float64{linear(c.R), linear(c.G), linear(c.B)}
	var o [3]uint8
	for i := range 3 {
		o[i] = gamma(v.m[i][0]*l[0] + v.m[i][1]*l[1] + v.m[i][2]*l[2])
	}
	return color.NRGBA{o[0], o[1], o[2], 0xFF}
}

func cieLab(c color.NRGBA) (l, a, b float64) {
	r, g, bl := linear(c.R), linear(c.G), linear(c.B)
	x := (0.4124*r + 0.3576*g + 0.1805*bl) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*bl
	z := (0.0193*r + 0.1192*g + 0.9505*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	return 116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))
}

// deltaE is the CIEDE2000 colour difference: about 2 is just noticeable
// side by side; thin lines and small swatches need much more.
func deltaE(c1, c2 color.NRGBA) float64 {
	l1, a1, b1 := cieLab(c1)
	l2, a2, b2 := cieLab(c2)
	deg := math.Pi / 180
	cb := (math.Hypot(a1, b1) + math.Hypot(a2, b2)) / 2
	g := 0.5 * (1 - math.Sqrt(math.Pow(cb, 7)/(math.Pow(cb, 7)+math.Pow(25, 7))))
	a1p, a2p := (1+g)*a1, (1+g)*a2
	c1p, c2p := math.Hypot(a1p, b1), math.Hypot(a2p, b2)
	hue := func(b, a float64) float64 { return math.Mod(math.Atan2(b, a)/deg+360, 360) }
	h1, h2 := hue(b1, a1p), hue(b2, a2p)
	dh := 0.0
	if c1p*c2p != 0 {
		dh = h2 - h1
		if dh > 180 {
			dh -= 360
		} else if dh < -180 {
			dh += 360
		}
	}
	dL, dC := l2-l1, c2p-c1p
	dH := 2 * math.Sqrt(c1p*c2p) * math.Sin(dh/2*deg)
	lm, cm := (l1+l2)/2, (c1p+c2p)/2
	hm := h1 + h2
	switch {
	case c1p*c2p == 0:
	case math.Abs(h1-h2) <= 180:
		hm /= 2
	case h1+h2 < 360:
		hm = (hm + 360) / 2
	default:
		hm = (hm - 360) / 2
	}
	tt := 1 - 0.17*math.Cos((hm-30)*deg) + 0.24*math.Cos(2*hm*deg) + 0.32*math.Cos((3*hm+6)*deg) - 0.20*math.Cos((4*hm-63)*deg)
	rc := 2 * math.Sqrt(math.Pow(cm, 7)/(math.Pow(cm, 7)+math.Pow(25, 7)))
	sl := 1 + 0.015*(lm-50)*(lm-50)/math.Sqrt(20+(lm-50)*(lm-50))
	sc, sh := 1+0.045*cm, 1+0.015*cm*tt
	rt := -math.Sin(2*30*math.Exp(-math.Pow((hm-275)/25, 2))*deg) * rc
	return math.Sqrt(math.Pow(dL/sl, 2) + math.Pow(dC/sc, 2) + math.Pow(dH/sh, 2) + rt*(dC/sc)*(dH/sh))
}

// The colour science above against published values: Sharma, Wu and
// Dalal's CIEDE2000 test data (by way of sRGB, so to a tolerance) and
// black and white.
func TestDeltaE(t *testing.T) {
	if d := deltaE(color.NRGBA{0, 0, 0, 255}, color.NRGBA{255, 255, 255, 255}); math.Abs(d-100) > 0.1 {
		t.Errorf("deltaE(black, white) = %.2f, want 100", d)
	}
	if d := deltaE(color.NRGBA{0x00, 0x72, 0xB2, 255}, color.NRGBA{0x00, 0x72, 0xB2, 255}); d != 0 {
		t.Errorf("deltaE(c, c) = %v, want 0", d)
	}
	// Greys differ by lightness alone.
	l1, _, _ := cieLab(color.NRGBA{0x77, 0x77, 0x77, 255})
	if math.Abs(l1-50) > 1 {
		t.Errorf("L* of #777777 = %.2f, want about 50", l1)
	}
	// Complete deuteranopia confuses red and green of the same lightness.
	red, green := color.NRGBA{0xD5, 0x5E, 0x00, 255}, color.NRGBA{0x7F, 0x7F, 0x00, 255}
	if n, d := deltaE(red, green), deltaE(visions[2].see(red), visions[2].see(green)); d > n/2 {
		t.Errorf("deuteranopia: vermillion and olive differ by %.1f, %.1f in normal vision: the simulation does nothing", d, n)
	}
}

// Editor's review §10: the eight line colours stay apart as thin lines,
// pairwise, in normal vision and in each simulated colour blindness; the
// two oranges and the two blues of the old palette did not.
func TestLineColors(t *testing.T) {
	floor := map[string]float64{"normal": 20, "protanopia": 10, "deuteranopia": 10, "tritanopia": 7}
	for i := range maxLines {
		for j := i + 1; j < maxLines; j++ {
			for _, v := range visions {
				if d := deltaE(v.see(lineColor(i)), v.see(lineColor(j))); d < floor[v.name] {
					t.Errorf("%s: lines %d and %d (%v, %v) differ by ΔE %.1f, want at least %v", v.name, i, j, lineColor(i), lineColor(j), d, floor[v.name])
				}
			}
		}
	}
}
