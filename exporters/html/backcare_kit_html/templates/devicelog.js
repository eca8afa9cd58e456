/* The on-device session log (issue 10, to be built). */
