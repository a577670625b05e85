package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins/booking"
)

// autobookRun runs one auto-booking pass and answers its report.
func autobookRun(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		rep, err := svc.Autobook(c.Request().Context())
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, rep)
	}
}
