package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins/booking"
)

// mimeCalendar is the media type of iCalendar documents.
const mimeCalendar = "text/calendar"

// renderICalendar writes the booked check-ins of an agreement as an
// iCalendar document (RFC 5545), one VEVENT per check-in with a start.
func renderICalendar(c echo.Context, sum booking.Summary, now time.Time) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, "-//checkins//checkins//EN")
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	for _, ci := range sum.CheckIns {
		if ci.Start.IsZero() {
			continue // a written update has no time
		}
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, ci.ID+"@checkins")
		ev.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeStart, ci.Start.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeEnd, ci.End.UTC())
		ev.Props.SetText(ical.PropSummary, fmt.Sprintf("Check-in: %s / %s", sum.Mentor.Name, sum.Mentee.Name))
		desc := "Cycle " + fmt.Sprint(ci.Cycle)
		if len(sum.Agreement.Topics) > 0 {
			desc += "\nTopics: " + strings.Join(sum.Agreement.Topics, "; ")
		}
		if len(ci.Agenda) > 0 {
			desc += "\nAgenda: " + strings.Join(ci.Agenda, "; ")
		}
		ev.Props.SetText(ical.PropDescription, desc)
		ev.Props.SetText(ical.PropStatus, "CONFIRMED")
		for _, p := range []struct{ email, name string }{{sum.Mentor.Email, sum.Mentor.Name}, {sum.Mentee.Email, sum.Mentee.Name}} {
			att := ical.NewProp(ical.PropAttendee)
			att.SetValueType(ical.ValueCalendarAddress)
			att.Value = "mailto:" + p.email
			att.Params.Set(ical.ParamCommonName, p.name)
			ev.Props.Add(att)
		}
		cal.Children = append(cal.Children, ev.Component)
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return fmt.Errorf("encode iCalendar: %w", err)
	}
	return c.Blob(http.StatusOK, mimeCalendar+"; charset=utf-8", buf.Bytes())
}
