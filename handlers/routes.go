package handlers

import (
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes is the whole API surface in one place.
func routes(e *echo.Echo, opts Options, openAPIDocument echo.HandlerFunc) {
	svc := opts.Service
	e.GET("/healthz", healthz)
	e.GET("/readyz", readyz(opts.Checks, opts.Logger))
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(opts.Registry, promhttp.HandlerOpts{})))
	e.GET("/openapi.json", openAPIDocument)

	v1 := e.Group("/v1", requireToken(opts.AdminToken))
	v1.POST("/people", createPerson(svc))
	v1.GET("/people/:id", getPerson(svc))
	v1.PATCH("/people/:id", updatePerson(svc))
	v1.GET("/people/:id/availability", availability(svc))

	v1.POST("/agreements", createAgreement(svc))
	v1.GET("/agreements", listAgreements(svc))
	v1.GET("/agreements/:id", getAgreement(svc))
	v1.PATCH("/agreements/:id", updateAgreement(svc))
	v1.GET("/agreements/:id/proposals", proposals(svc))
	v1.GET("/agreements/:id/summary", summary(svc, opts.Now))
	v1.POST("/agreements/:id/checkins", bookCheckIn(svc), idempotent(svc))
	v1.GET("/agreements/:id/checkins", listCheckIns(svc))

	v1.GET("/checkins/:id", getCheckIn(svc))
	v1.PATCH("/checkins/:id", updateCheckIn(svc))
	v1.DELETE("/checkins/:id", cancelCheckIn(svc))

	v1.POST("/autobook/run", autobookRun(svc))
}
