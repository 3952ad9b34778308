/*
 * Interrupt lines between devices: a qemu_irq is an input pin with a handler;
 * outputs are qemu_irq pointers a board connects to inputs.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

#include "hw/qdev-core.h"

typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

struct IRQState {
    Object parent_obj;
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

#define TYPE_IRQ "irq"

/* Deliver a level to an input (NULL irq: not connected, ignored). */
void qemu_set_irq(qemu_irq irq, int level);
static inline void qemu_irq_raise(qemu_irq irq) { qemu_set_irq(irq, 1); }
static inline void qemu_irq_lower(qemu_irq irq) { qemu_set_irq(irq, 0); }
static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
void qemu_free_irq(qemu_irq irq);
/* Replace an input's handler, returning the old one's IRQ (for qtest interception). */
qemu_irq qemu_irq_intercept(qemu_irq irq, qemu_irq_handler handler, void *opaque);

/* Named GPIO lines of a device (name NULL is the anonymous set). */
struct NamedGPIOList {
    char *name;
    qemu_irq *in;
    int num_in;
    int num_out;
    qemu_irq **out;            /* pointers to the device's output fields */
    NamedGPIOList *next;
};

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins, const char *name, int n);
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n, qemu_irq pin);
NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name);

#endif
