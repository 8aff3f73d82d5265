using System.Reflection;
using System.Reflection.Emit;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using LibraryContext = global::Grpc.Core.ServerCallContext;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// One CLR service type per served descriptor, made at start-up, in the shape
/// Grpc.Tools gives a generated service: an outer type with a static
/// <c>Descriptor</c> and <c>BindService(ServiceBinderBase, Base)</c>, a nested
/// <c>Base</c> with one virtual method per RPC, named as the RPC and taking its
/// messages, and the mapped type deriving from it. Grpc.AspNetCore, and any
/// library that finds a service's methods the way it does, binds these types
/// as it binds generated ones; every method forwards to the handler the host's
/// <see cref="ServedMethodDispatcher"/> holds for it, bound or UNIMPLEMENTED.
/// Types are made once per descriptor and process and shared by every host in it.
/// </summary>
public static class ServedServiceTypes
{
    private static readonly Lock Gate = new();
    private static readonly List<ServiceDescriptor> Descriptors = [];
    private static readonly Dictionary<ServiceDescriptor, Type> Types = new(ReferenceEqualityComparer.Instance);
    private static ModuleBuilder? _module;

    /// <summary>The descriptor a made type serves; called by the made types' <c>Descriptor</c>.</summary>
    public static ServiceDescriptor DescriptorOf(int service)
    {
        lock (Gate)
        {
            return Descriptors[service];
        }
    }

    /// <summary>Adds every method of a made type's descriptor to a binder; called by the made types' <c>BindService</c>.</summary>
    public static void Bind(ServiceBinderBase binder, int service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        foreach (var method in DescriptorOf(service).Methods)
        {
            AddMethodOf.MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType).Invoke(null, [binder, method]);
        }
    }

    /// <summary>The type to map for a descriptor, made on first use.</summary>
    internal static Type ServiceTypeOf(ServiceDescriptor descriptor)
    {
        lock (Gate)
        {
            if (!Types.TryGetValue(descriptor, out var type))
            {
                type = Make(descriptor, Descriptors.Count);
                Descriptors.Add(descriptor);
                Types.Add(descriptor, type);
            }

            return type;
        }
    }

    /// <summary>The number the made type of a descriptor passes to <see cref="ServedMethodDispatcher.For"/>.</summary>
    internal static int IdOf(ServiceDescriptor descriptor)
    {
        ServiceTypeOf(descriptor);
        lock (Gate)
        {
            return Descriptors.IndexOf(descriptor);
        }
    }

    private static readonly MethodInfo AddMethodOf =
        typeof(ServedServiceTypes).GetMethod(nameof(AddMethod), BindingFlags.NonPublic | BindingFlags.Static)!;

    // The binders of Grpc.AspNetCore and JSON transcoding find the handler on the service type themselves:
    // the delegate passed here only says the call type, so it is null, as in generated code called that way.
    private static void AddMethod<TRequest, TResponse>(ServiceBinderBase binder, MethodDescriptor descriptor)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = ServedMethodFactory.Create<TRequest, TResponse>(descriptor);
        switch (method.Type)
        {
            case MethodType.Unary:
                binder.AddMethod(method, (UnaryServerMethod<TRequest, TResponse>)null!);
                break;
            case MethodType.ServerStreaming:
                binder.AddMethod(method, (ServerStreamingServerMethod<TRequest, TResponse>)null!);
                break;
            case MethodType.ClientStreaming:
                binder.AddMethod(method, (ClientStreamingServerMethod<TRequest, TResponse>)null!);
                break;
            default:
                binder.AddMethod(method, (DuplexStreamingServerMethod<TRequest, TResponse>)null!);
                break;
        }
    }

    private static Type Make(ServiceDescriptor descriptor, int id)
    {
        _module ??= AssemblyBuilder
            .DefineDynamicAssembly(new AssemblyName("LongRunningService.ServedServices"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("LongRunningService.ServedServices");

        var name = $"LongRunningService.ServedServices.{descriptor.FullName}_{id}";
        var outer = _module.DefineType(name, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);
        var baseType = outer.DefineNestedType("Base", TypeAttributes.NestedPublic | TypeAttributes.Abstract | TypeAttributes.Class, typeof(object));

        DefineDescriptor(outer, id);
        DefineBindService(outer, baseType, id);
        var handlers = baseType.DefineField("_handlers", typeof(ServedServiceHandlers), FieldAttributes.Private | FieldAttributes.InitOnly);
        var baseConstructor = DefineBaseConstructor(baseType, handlers, id);
        for (var index = 0; index < descriptor.Methods.Count; index++)
        {
            DefineForwarder(baseType, handlers, descriptor.Methods[index], index);
        }

        var served = _module.DefineType(name + "_Served", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, baseType);
        var constructor = served.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(ServedMethodDispatcher)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, baseConstructor);
        il.Emit(OpCodes.Ret);

        outer.CreateType();
        baseType.CreateType();
        return served.CreateType();
    }

    private static void DefineDescriptor(TypeBuilder outer, int id)
    {
        var getter = outer.DefineMethod(
            "get_Descriptor", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.SpecialName | MethodAttributes.HideBySig,
            typeof(ServiceDescriptor), Type.EmptyTypes);
        var il = getter.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, id);
        il.Emit(OpCodes.Call, typeof(ServedServiceTypes).GetMethod(nameof(DescriptorOf))!);
        il.Emit(OpCodes.Ret);
        outer.DefineProperty("Descriptor", PropertyAttributes.None, typeof(ServiceDescriptor), Type.EmptyTypes).SetGetMethod(getter);
    }

    private static void DefineBindService(TypeBuilder outer, Type baseType, int id)
    {
        var bind = outer.DefineMethod(
            "BindService", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
            typeof(void), [typeof(ServiceBinderBase), baseType]);
        var il = bind.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, id);
        il.Emit(OpCodes.Call, typeof(ServedServiceTypes).GetMethod(nameof(Bind))!);
        il.Emit(OpCodes.Ret);
    }

    private static ConstructorBuilder DefineBaseConstructor(TypeBuilder baseType, FieldInfo handlers, int id)
    {
        var constructor = baseType.DefineConstructor(MethodAttributes.Family, CallingConventions.Standard, [typeof(ServedMethodDispatcher)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(object).GetConstructor(Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldc_I4, id);
        il.Emit(OpCodes.Callvirt, typeof(ServedMethodDispatcher).GetMethod(nameof(ServedMethodDispatcher.For))!);
        il.Emit(OpCodes.Stfld, handlers);
        il.Emit(OpCodes.Ret);
        return constructor;
    }

    // Base.{Rpc}(...) => _handlers.{CallType}<TRequest, TResponse>(index, ...), with the parameters generated code has.
    private static void DefineForwarder(TypeBuilder baseType, FieldInfo handlers, MethodDescriptor method, int index)
    {
        var request = method.InputType.ClrType;
        var response = method.OutputType.ClrType;
        var reader = typeof(global::Grpc.Core.IAsyncStreamReader<>).MakeGenericType(request);
        var writer = typeof(global::Grpc.Core.IServerStreamWriter<>).MakeGenericType(response);
        var (returns, parameters, target) = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => (typeof(Task<>).MakeGenericType(response), new[] { request, typeof(LibraryContext) }, nameof(ServedServiceHandlers.Unary)),
            (false, true) => (typeof(Task), new[] { request, writer, typeof(LibraryContext) }, nameof(ServedServiceHandlers.ServerStreaming)),
            (true, false) => (typeof(Task<>).MakeGenericType(response), new[] { reader, typeof(LibraryContext) }, nameof(ServedServiceHandlers.ClientStreaming)),
            _ => (typeof(Task), new[] { reader, writer, typeof(LibraryContext) }, nameof(ServedServiceHandlers.DuplexStreaming)),
        };

        var forwarder = baseType.DefineMethod(
            method.Name, MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
            returns, parameters);
        var il = forwarder.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, handlers);
        il.Emit(OpCodes.Ldc_I4, index);
        for (short parameter = 1; parameter <= parameters.Length; parameter++)
        {
            il.Emit(OpCodes.Ldarg, parameter);
        }

        il.Emit(OpCodes.Callvirt, typeof(ServedServiceHandlers).GetMethod(target)!.MakeGenericMethod(request, response));
        il.Emit(OpCodes.Ret);
    }
}
