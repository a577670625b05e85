package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/config"
	"github.com/mentorship/checkins/schedule"
)

// Ids of the sample data seeded with the demo calendar.
const (
	demoMentorID    = "demo-mentor"
	demoMenteeID    = "demo-mentee"
	demoAgreementID = "demo-agreement"
)

// seedDemo stores a sample mentor, mentee and bi-weekly agreement when the
// demo calendar is in use and they are not there yet. It returns the
// sample agreement's id ("" when no demo runs).
func seedDemo(ctx context.Context, a *app) (string, error) {
	if a.cfg.Calendar != config.CalendarDemo {
		return "", nil
	}
	now := time.Now().UTC()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return "", err
	}
	weekdays := func(from, to schedule.Clock, days ...time.Weekday) schedule.Weekly {
		var w schedule.Weekly
		for _, d := range days {
			w[d] = []schedule.Span{{Start: from, End: to}}
		}
		return w
	}
	mentor := checkins.Person{
		ID: demoMentorID, Email: "dana.whitfield@example.com", Name: "Dana Whitfield",
		TimeZone: "America/New_York", CalendarID: calendar.DemoMentorCalendar,
		WorkingHours:   weekdays(9*60, 17*60, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday),
		BufferMinutes:  10,
		MinNoticeHours: 24, MaxCheckinMinutesPerWeek: 90,
		CreatedAt: now, UpdatedAt: now,
	}
	mentor.CheckinWindows = weekdays(9*60, 12*60, time.Tuesday, time.Thursday)
	mentor.CheckinWindows[time.Wednesday] = []schedule.Span{{Start: 10 * 60, End: 12 * 60}}
	mentee := checkins.Person{
		ID: demoMenteeID, Email: "sam.rivera@example.com", Name: "Sam Rivera",
		TimeZone: "Europe/London", CalendarID: calendar.DemoMenteeCalendar,
		WorkingHours: weekdays(9*60, 18*60, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday),
		CreatedAt:    now, UpdatedAt: now,
	}
	agreement := checkins.Agreement{
		ID: demoAgreementID, MentorID: demoMentorID, MenteeID: demoMenteeID,
		Kind: checkins.KindMentorship, Cadence: &schedule.Cadence{Every: 2, Unit: schedule.Week},
		DurationMinutes: 30, Format: checkins.FormatVideo, StartsOn: schedule.DateOf(now.In(ny)),
		Sessions: 6, Topics: []string{"scaling the API gateway"}, BookAheadDays: 7,
		Status: checkins.StatusActive, CreatedAt: now, UpdatedAt: now,
	}
	for _, create := range []func() error{
		func() error { return a.store.CreatePerson(ctx, mentor) },
		func() error { return a.store.CreatePerson(ctx, mentee) },
		func() error { return a.store.CreateAgreement(ctx, agreement) },
	} {
		if err := create(); err != nil && !errors.Is(err, checkins.ErrConflict) {
			return "", fmt.Errorf("store sample data: %w", err)
		}
	}
	return demoAgreementID, nil
}
