#ifndef INTAKE_CMOSQUITTO_SHIM_H
#define INTAKE_CMOSQUITTO_SHIM_H
#include <mosquitto.h>
#include <mqtt_protocol.h>
#endif
