/*
 * Interrupt lines and named GPIO sets of devices.
 */
#include "qemu/osdep.h"
#include "hw/irq.h"

void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    struct IRQState *irq = (struct IRQState *)object_new(TYPE_IRQ);
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

void qemu_free_irq(qemu_irq irq)
{
    object_unref(irq);
}

qemu_irq qemu_irq_intercept(qemu_irq irq, qemu_irq_handler handler, void *opaque)
{
    qemu_irq old = qemu_allocate_irq(irq->handler, irq->opaque, irq->n);
    irq->handler = handler;
    irq->opaque = opaque;
    return old;
}

NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name)
{
    NamedGPIOList *ngl;

    for (ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (g_strcmp0(name, ngl->name) == 0) {
            return ngl;
        }
    }
    ngl = g_new0(NamedGPIOList, 1);
    ngl->name = g_strdup(name);
    /* Keep creation order for info qtree. */
    if (!dev->gpios) {
        dev->gpios = ngl;
    } else {
        NamedGPIOList *last = dev->gpios;
        while (last->next) {
            last = last->next;
        }
        last->next = ngl;
    }
    return ngl;
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    ngl->in = g_renew(qemu_irq, ngl->in, ngl->num_in + n);
    for (int i = 0; i < n; i++) {
        ngl->in[ngl->num_in + i] = qemu_allocate_irq(handler, dev, ngl->num_in + i);
    }
    ngl->num_in += n;
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins, const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    ngl->out = g_renew(qemu_irq *, ngl->out, ngl->num_out + n);
    for (int i = 0; i < n; i++) {
        ngl->out[ngl->num_out + i] = &pins[i];
    }
    ngl->num_out += n;
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);
    if (n < 0 || n >= ngl->num_in) {
        g_error("device '%s' has no GPIO input %s[%d]", object_get_typename(OBJECT(dev)),
                name ? name : "", n);
    }
    return ngl->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n, qemu_irq pin)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);
    if (n < 0 || n >= ngl->num_out) {
        g_error("device '%s' has no GPIO output %s[%d]", object_get_typename(OBJECT(dev)),
                name ? name : "", n);
    }
    *ngl->out[n] = pin;
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, pin);
}

void qdev_free_gpios(DeviceState *dev);
void qdev_free_gpios(DeviceState *dev)
{
    NamedGPIOList *ngl = dev->gpios, *next;
    for (; ngl; ngl = next) {
        next = ngl->next;
        for (int i = 0; i < ngl->num_in; i++) {
            qemu_free_irq(ngl->in[i]);
        }
        g_free(ngl->in);
        g_free(ngl->out);
        g_free(ngl->name);
        g_free(ngl);
    }
    dev->gpios = NULL;
}

static const TypeInfo irq_type_info = {
    .name = TYPE_IRQ,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(struct IRQState),
};

static void irq_register_types(void)
{
    type_register_static(&irq_type_info);
}

type_init(irq_register_types)
