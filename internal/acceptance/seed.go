package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"
)

// zones are the mentors' and mentees' time zones in scenario C.
var zones = [4]string{"America/New_York", "Europe/London", "Asia/Kolkata", "America/Los_Angeles"}

// Sizes of scenario C.
const (
	cMentors       = 200
	cMenteeOffsets = 5 // each mentor and each mentee is in this many agreements
)

func cMentorCalendar(i int) string { return fmt.Sprintf("c-mentor-%03d@example.com", i) }
func cMenteeCalendar(i int) string { return fmt.Sprintf("c-mentee-%03d@example.com", i) }

// cZone is mentor i's (and mentee i's) zone; mentee m's mentors are
// m-40k mod 200, so they share m's zone and working hours overlap.
func cZone(i int) string { return zones[i%4] }

// busySeed is one entry of fakegoogle's -busy file.
type busySeed struct {
	CalendarID string    `json:"calendar_id"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
}

// writeBusySeed writes realistic recurring meetings for the next 21 days:
// for scenario A's mentor and C's mentors, four to five meetings each
// weekday (local time), shifted per mentor.
func writeBusySeed(path string, now time.Time) error {
	var seeds []busySeed
	add := func(cal, zone string, shift int) error {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return fmt.Errorf("zone %s: %w", zone, err)
		}
		day := now.In(loc)
		day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
		meetings := [][2]int{{9*60 + 30, 10*60 + 30}, {11 * 60, 12 * 60}, {13*60 + 30, 14*60 + 30}, {15 * 60, 15*60 + 45}}
		for d := range 22 {
			t := day.AddDate(0, 0, d)
			if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
				continue
			}
			for k, m := range meetings {
				off := ((shift + k + d) % 3) * 15
				s := t.Add(time.Duration(m[0]+off) * time.Minute)
				e := t.Add(time.Duration(m[1]+off) * time.Minute)
				seeds = append(seeds, busySeed{CalendarID: cal, Start: s.UTC(), End: e.UTC()})
			}
		}
		return nil
	}
	if err := add(aMentorCalendar, "America/New_York", 0); err != nil {
		return err
	}
	for i := range cMentors {
		if err := add(cMentorCalendar(i), cZone(i), i); err != nil {
			return err
		}
	}
	data, err := json.Marshal(seeds)
	if err != nil {
		return fmt.Errorf("busy seed: %w", err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("busy seed: %w", err)
	}
	return nil
}

// person is the body of POST /v1/people.
type person struct {
	Email          string                   `json:"email"`
	Name           string                   `json:"name"`
	TimeZone       string                   `json:"time_zone"`
	CalendarID     string                   `json:"calendar_id"`
	WorkingHours   map[string][]([2]string) `json:"working_hours,omitempty"`
	CheckinWindows map[string][]([2]string) `json:"checkin_windows,omitempty"`
	BufferMinutes  int                      `json:"buffer_minutes"`
	MinNoticeHours int                      `json:"min_notice_hours"`
	MaxPerWeek     int                      `json:"max_checkin_minutes_per_week,omitempty"`
}

// weekdays returns mon-fri each with the one span [from, to].
func weekdays(from, to string) map[string][]([2]string) {
	m := map[string][]([2]string){}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		m[d] = [][2]string{{from, to}}
	}
	return m
}

// agreement is the body of POST /v1/agreements.
type agreement struct {
	MentorID      string         `json:"mentor_id"`
	MenteeID      string         `json:"mentee_id"`
	Kind          string         `json:"kind"`
	Cadence       map[string]any `json:"cadence"`
	Duration      int            `json:"duration_minutes"`
	Format        string         `json:"format"`
	StartsOn      string         `json:"starts_on"`
	Topics        []string       `json:"topics"`
	AutoBook      bool           `json:"auto_book"`
	BookAheadDays int            `json:"book_ahead_days,omitempty"`
}

func (e *env) createPerson(ctx context.Context, base string, p person) (string, error) {
	if p.Name == "" {
		p.Name = p.CalendarID
	}
	p.Email = p.CalendarID
	var out idOnly
	err := e.call(ctx, http.MethodPost, base+"/v1/people", p, http.StatusCreated, &out)
	return out.ID, err
}

func (e *env) createAgreement(ctx context.Context, base string, a agreement) (string, error) {
	if a.Kind == "" {
		a.Kind = "mentorship"
	}
	if a.Format == "" {
		a.Format = "video"
	}
	var out idOnly
	err := e.call(ctx, http.MethodPost, base+"/v1/agreements", a, http.StatusCreated, &out)
	return out.ID, err
}

// tomorrow is the next calendar day in zone, as YYYY-MM-DD.
func tomorrow(zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return time.Now().In(loc).AddDate(0, 0, 1).Format(time.DateOnly)
}
