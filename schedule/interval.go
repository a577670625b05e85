package schedule

import "time"

// Interval is the half-open range of instants [Start, End).
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Duration is End - Start.
func (i Interval) Duration() time.Duration { return i.End.Sub(i.Start) }

// Empty reports whether the interval contains no instant.
func (i Interval) Empty() bool { return !i.End.After(i.Start) }
