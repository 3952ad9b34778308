/*
 * The bus base type: naming ("<parent-id>.<n>" or "<type>.<n>"), the list of
 * plugged devices, lookup by name for -device bus=, realize and reset.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"

void bus_add_child(BusState *bus, DeviceState *child);
void bus_remove_child(BusState *bus, DeviceState *child);

void bus_add_child(BusState *bus, DeviceState *child)
{
    BusChild *kid = g_new0(BusChild, 1);
    g_autofree char *name = NULL;

    kid->index = bus->max_index++;
    kid->child = child;
    object_ref(child);
    /* Newest first, as QEMU does: -device picks the last-created free bus. */
    bus->children = g_list_prepend(bus->children, kid);
    bus->num_children++;
    name = g_strdup_printf("child[%d]", kid->index);
    object_property_add_link(OBJECT(bus), name, object_get_typename(OBJECT(child)),
                             (Object **)&kid->child, NULL, 0);
}

void bus_remove_child(BusState *bus, DeviceState *child)
{
    for (GList *e = bus->children; e; e = e->next) {
        BusChild *kid = e->data;
        if (kid->child == child) {
            g_autofree char *name = g_strdup_printf("child[%d]", kid->index);
            object_property_del(OBJECT(bus), name);
            bus->children = g_list_delete_link(bus->children, e);
            bus->num_children--;
            g_free(kid);
            object_unref(child);
            return;
        }
    }
}

/* Name the bus and attach it under its parent device (which then owns it). */
static void bus_attach(BusState *bus, const char *typename, DeviceState *parent,
                       const char *name)
{
    if (name) {
        bus->name = g_strdup(name);
    } else if (parent && parent->id) {
        bus->name = g_strdup_printf("%s.%d", parent->id, parent->num_child_bus);
    } else {
        BusClass *bc = BUS_GET_CLASS(bus);
        g_autofree char *lower = g_ascii_strdown(typename, -1);
        bus->name = g_strdup_printf("%s.%d", lower, bc->automatic_ids++);
    }
    bus->parent = parent;
    if (parent) {
        parent->child_bus = g_slist_append(parent->child_bus, bus);
        parent->num_child_bus++;
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
        object_unref(bus);
    }
}

void qbus_init(void *bus, size_t size, const char *typename, DeviceState *parent,
               const char *name)
{
    object_initialize(bus, size, typename);
    bus_attach(bus, typename, parent, name);
}

BusState *qbus_new(const char *typename, DeviceState *parent, const char *name)
{
    BusState *bus = (BusState *)object_new(typename);
    bus_attach(bus, typename, parent, name);
    return bus;
}

bool qbus_realize(BusState *bus, Error **errp)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    Error *err = NULL;

    if (bus->realized) {
        return true;
    }
    if (bc->realize) {
        bc->realize(bus, &err);
        if (err) {
            error_propagate(errp, err);
            return false;
        }
    }
    bus->realized = true;
    return true;
}

void qbus_unrealize(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    for (GList *e = bus->children; e; e = e->next) {
        qdev_unrealize(((BusChild *)e->data)->child);
    }
    if (bus->realized && bc->unrealize) {
        bc->unrealize(bus);
    }
    bus->realized = false;
}

bool qbus_is_full(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);
    return bc->max_dev && bus->num_children >= bc->max_dev;
}

void bus_cold_reset(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    for (GList *e = bus->children; e; e = e->next) {
        device_cold_reset(((BusChild *)e->data)->child);
    }
    if (bc->reset) {
        bc->reset(bus);
    }
}

int qbus_walk_children(BusState *bus, int (*dev_fn)(DeviceState *, void *),
                       int (*bus_fn)(BusState *, void *), void *opaque)
{
    int ret;

    if (bus_fn && (ret = bus_fn(bus, opaque))) {
        return ret;
    }
    for (GList *e = bus->children; e; e = e->next) {
        ret = qdev_walk_children(((BusChild *)e->data)->child, dev_fn, bus_fn, opaque);
        if (ret) {
            return ret;
        }
    }
    return 0;
}

int qdev_walk_children(DeviceState *dev, int (*dev_fn)(DeviceState *, void *),
                       int (*bus_fn)(BusState *, void *), void *opaque)
{
    int ret;

    if (dev_fn && (ret = dev_fn(dev, opaque))) {
        return ret;
    }
    for (GSList *e = dev->child_bus; e; e = e->next) {
        ret = qbus_walk_children(e->data, dev_fn, bus_fn, opaque);
        if (ret) {
            return ret;
        }
    }
    return 0;
}

typedef struct BusSearch {
    const char *name;
    const char *type;
    bool want_free;
    BusState *found;
} BusSearch;

static int bus_search_fn(BusState *bus, void *opaque)
{
    BusSearch *s = opaque;

    if (s->name && strcmp(bus->name, s->name)) {
        return 0;
    }
    if (s->type && !object_dynamic_cast(OBJECT(bus), s->type)) {
        return 0;
    }
    if (s->want_free && qbus_is_full(bus)) {
        return 0;
    }
    s->found = bus;
    return 1;
}

BusState *qbus_find_free(const char *typename)
{
    BusSearch s = { NULL, typename, true, NULL };
    qbus_walk_children(sysbus_get_default(), NULL, bus_search_fn, &s);
    return s.found;
}

static DeviceState *bus_find_child_by_id(BusState *bus, const char *id)
{
    for (GList *e = bus->children; e; e = e->next) {
        DeviceState *d = ((BusChild *)e->data)->child;
        if (d->id && !strcmp(d->id, id)) {
            return d;
        }
    }
    return NULL;
}

BusState *qbus_find(const char *path, Error **errp)
{
    g_auto(GStrv) parts = NULL;
    BusState *bus;
    DeviceState *dev = NULL;
    int i = 0;

    if (path[0] != '/') {
        /* A bare bus name, searched for anywhere in the tree. */
        BusSearch s = { path, NULL, false, NULL };
        g_autofree char *first = g_strdup(path);
        char *slash = strchr(first, '/');
        if (slash) {
            *slash = '\0';
        }
        s.name = first;
        qbus_walk_children(sysbus_get_default(), NULL, bus_search_fn, &s);
        if (!s.found) {
            error_setg(errp, "Bus '%s' not found", first);
            return NULL;
        }
        if (!slash) {
            return s.found;
        }
        bus = s.found;
        parts = g_strsplit(slash + 1, "/", 0);
    } else {
        bus = sysbus_get_default();
        parts = g_strsplit(path + 1, "/", 0);
    }
    /* Alternate: device id on the current bus, then a bus of that device. */
    for (i = 0; parts[i]; i++) {
        if (!*parts[i]) {
            continue;
        }
        if (!dev) {
            dev = bus_find_child_by_id(bus, parts[i]);
            if (!dev) {
                error_setg(errp, "Device '%s' not found", parts[i]);
                return NULL;
            }
        } else {
            bus = qdev_get_child_bus(dev, parts[i]);
            if (!bus) {
                error_setg(errp, "Bus '%s' not found", parts[i]);
                return NULL;
            }
            dev = NULL;
        }
    }
    if (dev) {
        if (dev->num_child_bus == 0) {
            error_setg(errp, "Device '%s' has no child bus", dev->id);
            return NULL;
        }
        if (dev->num_child_bus > 1) {
            error_setg(errp, "Device '%s' has multiple child buses", dev->id);
            return NULL;
        }
        bus = dev->child_bus->data;
    }
    return bus;
}

static void bus_unparent(Object *obj)
{
    BusState *bus = BUS(obj);

    while (bus->children) {
        DeviceState *dev = ((BusChild *)bus->children->data)->child;
        object_ref(dev);
        qdev_unrealize(dev);
        bus_remove_child(bus, dev);
        dev->parent_bus = NULL;
        object_unparent(OBJECT(dev));
        object_unref(dev);
    }
    if (bus->parent) {
        bus->parent->child_bus = g_slist_remove(bus->parent->child_bus, bus);
        bus->parent->num_child_bus--;
        bus->parent = NULL;
    }
}

static void bus_finalize(Object *obj)
{
    g_free(BUS(obj)->name);
}

static JsonNode *bus_get_realized(Object *obj, ObjectProperty *prop, Error **errp)
{
    return qom_node_new_bool(BUS(obj)->realized);
}

static void bus_class_init(ObjectClass *oc, void *data)
{
    oc->unparent = bus_unparent;
    object_class_property_add(oc, "realized", "bool", bus_get_realized, NULL, NULL, NULL);
}

static const TypeInfo bus_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .abstract = true,
    .class_size = sizeof(BusClass),
    .class_init = bus_class_init,
    .instance_finalize = bus_finalize,
};

static void bus_register_types(void)
{
    type_register_static(&bus_info);
}

type_init(bus_register_types)
