package schedule

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a civil date without a zone, as in "2026-11-23".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in YYYY-MM-DD form", s)
	}
	return DateOf(t), nil
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as "YYYY-MM-DD".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Midnight is the first instant of d in loc (where a clock change skips
// midnight, the moment the clocks jump, as for every wall time here).
func (d Date) Midnight(loc *time.Location) time.Time {
	return wallInstant(d.Year, d.Month, d.Day, 0, loc)
}

// MarshalJSON encodes d as "YYYY-MM-DD" (the zero Date as "").
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON decodes "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// Unit is the unit of a cadence.
type Unit string

// Cadence units.
const (
	Week  Unit = "week"
	Month Unit = "month"
)

// Cadence is "every N units", e.g. {"every": 2, "unit": "week"}.
type Cadence struct {
	Every int  `json:"every"`
	Unit  Unit `json:"unit"`
}

// Validate reports an out-of-range Every (1-12) or unknown Unit.
func (c Cadence) Validate() error {
	verr := &ValidationError{}
	if c.Every < 1 || c.Every > 12 {
		verr.Add("every", "must be between 1 and 12")
	}
	if c.Unit != Week && c.Unit != Month {
		verr.Add("unit", `must be "week" or "month"`)
	}
	return verr.Err()
}
